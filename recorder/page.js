// @ts-check
// The in-page recorder, served by the lab server as /recorder.js. Plain ES2017 so every engine runs it
// untranspiled. It records, never interprets: what each socket saw, when, and the page's network state.
// Types are JSDoc, so `npm run typecheck` checks it as it is (recorder/schema.ts parses what it reports).
/** @typedef {{ tag: string, type: string, t: number, onLine: boolean, readyState?: number, bufferedAmount?: number, [field: string]: unknown }} Recorded */
/** @typedef {ReturnType<typeof setTimeout>} Timer */
(function () {
  'use strict';
  var now = function () { return performance.timeOrigin + performance.now(); };
  /** @type {Recorded[]} */
  var events = [];
  /** @type {Record<string, WebSocket>} */
  var sockets = {};
  /** @type {Record<string, Timer>} */
  var timers = {};
  /** @type {(() => void)[]} */
  var waiters = [];

  // Event.timeStamp is relative to timeOrigin; on the page's epoch clock it says when the engine made the event,
  // next to `t`, when the handler ran.
  /** @param {Event} ev */
  function stamped(ev) { return { te: performance.timeOrigin + ev.timeStamp }; }

  /** @param {string} tag @param {WebSocket | null} ws @param {string} type @param {Record<string, unknown>} extra */
  function snapshot(tag, ws, type, extra) {
    /** @type {Recorded} */
    var e = { tag: tag, type: type, t: now(), onLine: navigator.onLine };
    if (ws) { e.readyState = ws.readyState; e.bufferedAmount = ws.bufferedAmount; }
    for (var k in extra) e[k] = extra[k];
    events.push(e);
    waiters.slice().forEach(function (w) { w(); });
    return e;
  }

  window.addEventListener('online', function () { snapshot('*', null, 'online', {}); });
  window.addEventListener('offline', function () { snapshot('*', null, 'offline', {}); });

  /** @param {Record<string, unknown>} target @param {Record<string, unknown>} extra */
  function assign(target, extra) { for (var k in extra) target[k] = extra[k]; return target; }

  // The event-loop watch (./lag-watch.js, served before this script).
  /** @typedef {{ start(key: string, periodMs: number, stallMs: number): void, stop(key: string): { maxMs: number, late: number[][], from: number, to: number, stallMs: number } | null }} LagApi */
  var lagWatch = /** @type {{ __wslabLag: LagApi }} */ (/** @type {unknown} */ (window)).__wslabLag;

  /** @param {string} tag */
  function socket(tag) {
    var ws = sockets[tag];
    if (!ws) throw new Error('no socket tagged ' + tag);
    return ws;
  }

  /** @param {string} tag */
  function closed(tag) {
    return events.some(function (e) { return e.tag === tag && e.type === 'close'; });
  }

  var wslab = {
    /**
     * Opens a socket; returns the construction record (or the exception the constructor threw).
     * @param {string} tag @param {string} url @param {string[]} [protocols]
     */
    open: function (tag, url, protocols) {
      var t0 = now();
      try {
        var ws = protocols ? new WebSocket(url, protocols) : new WebSocket(url);
      } catch (err) {
        var error = /** @type {Error} */ (err);
        return snapshot(tag, null, 'exception', { t0: t0, name: error.name, message: String(error.message) });
      }
      sockets[tag] = ws;
      ws.onopen = function (ev) { snapshot(tag, ws, 'open', assign(stamped(ev), { protocol: ws.protocol })); };
      ws.onmessage = function (ev) { snapshot(tag, ws, 'message', assign(stamped(ev), { data: String(ev.data) })); };
      ws.onerror = function (ev) { snapshot(tag, ws, 'error', stamped(ev)); };
      ws.onclose = function (ev) {
        snapshot(tag, ws, 'close', assign(stamped(ev), { code: ev.code, reason: ev.reason, wasClean: ev.wasClean }));
        if (timers[tag]) { clearInterval(timers[tag]); delete timers[tag]; }
      };
      return snapshot(tag, ws, 'construct', { t0: t0, url: url });
    },
    /** Calls send() and records what it did: returned, threw, and the buffer/state around it. @param {string} tag @param {string} data */
    send: function (tag, data) {
      var ws = socket(tag);
      var before = { readyState: ws.readyState, bufferedAmount: ws.bufferedAmount };
      var threw = null;
      var t0 = now();
      try { ws.send(data); } catch (err) { threw = /** @type {Error} */ (err).name + ': ' + /** @type {Error} */ (err).message; }
      return snapshot(tag, ws, 'send', { t0: t0, data: data, threw: threw, before: before });
    },
    /** Sends `prefix-N` every intervalMs until the socket closes or stopSending() is called. @param {string} tag @param {number} intervalMs @param {string} prefix */
    sendEvery: function (tag, intervalMs, prefix) {
      var n = 0;
      var api = this;
      timers[tag] = setInterval(function () { api.send(tag, prefix + '-' + (++n)); }, intervalMs);
    },
    /** @param {string} tag */
    stopSending: function (tag) { clearInterval(timers[tag]); delete timers[tag]; },
    /** Sends one message of `bytes` bytes (a backlog for a server that stopped reading); the record names its size. @param {string} tag @param {number} bytes */
    sendFill: function (tag, bytes) {
      var ws = socket(tag);
      var before = { readyState: ws.readyState, bufferedAmount: ws.bufferedAmount };
      var threw = null;
      var data = new Array(bytes + 1).join('u');
      var t0 = now();
      try { ws.send(data); } catch (err) { threw = /** @type {Error} */ (err).name + ': ' + /** @type {Error} */ (err).message; }
      return snapshot(tag, ws, 'send', { t0: t0, data: 'fill-' + bytes, threw: threw, before: before });
    },
    /**
     * A plain page's reconnect loop: once the socket closes (`after` = 'close') or its heartbeat gave up on it
     * ('heartbeat-dead', without waiting for the close), a new socket to `url` every retryMs (fixed delay), each
     * sending one message; the first message back ends the loop. Attempts are recorded under `<tag>~retry`.
     * @param {string} tag @param {string} url @param {number} retryMs @param {'close' | 'heartbeat-dead'} [after]
     */
    reconnect: function (tag, url, retryMs, after) {
      var api = this, retry = tag + '~retry', done = false;
      function attempt() {
        api.open(retry, url);
        var ws = sockets[retry];
        ws.addEventListener('open', function () { api.send(retry, 'echo'); });
        ws.addEventListener('message', function () { done = true; });
        ws.addEventListener('close', function () { if (!done) setTimeout(attempt, retryMs); });
      }
      if (after !== 'heartbeat-dead') {
        socket(tag).addEventListener('close', function () { setTimeout(attempt, retryMs); });
        return;
      }
      var gaveUp = function () {
        if (!events.some(function (e) { return e.tag === tag && e.type === 'heartbeat-dead'; })) return;
        waiters.splice(waiters.indexOf(gaveUp), 1);
        setTimeout(attempt, retryMs);
      };
      waiters.push(gaveUp);
    },
    /** Resolves true once a message arrived on the tagged socket, or false after timeoutMs. @param {string} tag @param {number} timeoutMs */
    waitMessage: function (tag, timeoutMs) {
      return this._waitUntil(function () {
        return events.some(function (e) { return e.tag === tag && e.type === 'message'; });
      }, timeoutMs);
    },
    /** Calls close(code, reason) and records what it threw (the exception's name), if anything. @param {string} tag @param {number} [code] @param {string} [reason] */
    close: function (tag, code, reason) {
      var ws = socket(tag);
      var threw = null;
      var t0 = now();
      try {
        if (code === undefined) ws.close(); else if (reason === undefined) ws.close(code); else ws.close(code, reason);
      } catch (err) { threw = /** @type {Error} */ (err).name; }
      return snapshot(tag, ws, 'close-call', { t0: t0, threw: threw });
    },
    /** Opens a socket per {tag, url}, waits until each settled (or timeoutMs), and returns the tags not open. @param {{ tag: string, url: string }[]} entries @param {number} timeoutMs */
    openAll: function (entries, timeoutMs) {
      var api = this;
      var tags = entries.map(function (e) { api.open(e.tag, e.url); return e.tag; });
      return this.waitSettled(tags, timeoutMs).then(function () {
        return tags.filter(function (tag) { return !events.some(function (e) { return e.tag === tag && e.type === 'open'; }); });
      });
    },
    /** Resolves once every tagged socket is open or closed, or after timeoutMs. @param {string[]} tags @param {number} timeoutMs */
    waitSettled: function (tags, timeoutMs) {
      return this._waitUntil(function () {
        return tags.every(function (tag) {
          return events.some(function (e) { return e.tag === tag && (e.type === 'open' || e.type === 'close' || e.type === 'exception'); });
        });
      }, timeoutMs);
    },
    /** Resolves once every tagged socket has closed, or after timeoutMs (not closing is a result, not an error). @param {string[]} tags @param {number} timeoutMs */
    waitClosed: function (tags, timeoutMs) {
      return this._waitUntil(function () {
        return tags.every(function (tag) { return closed(tag) || events.some(function (e) { return e.tag === tag && e.type === 'exception'; }); });
      }, timeoutMs);
    },
    /** @param {() => boolean} done @param {number} timeoutMs @returns {Promise<boolean>} */
    _waitUntil: function (done, timeoutMs) {
      return new Promise(function (resolve) {
        /** @type {Timer | undefined} */
        var timer;
        function check() {
          if (!done()) return;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          resolve(true);
        }
        waiters.push(check);
        timer = setTimeout(function () { waiters.splice(waiters.indexOf(check), 1); resolve(false); }, timeoutMs);
        check();
      });
    },
    /** Starts watching the event loop for `key` (a trial's tag); returns the page time it started. @param {string} key @param {number} periodMs @param {number} stallMs */
    lagStart: function (key, periodMs, stallMs) {
      lagWatch.start(key, periodMs, stallMs);
      return now();
    },
    /** Stops `key`'s watch; returns the largest lateness seen, counting a timer still pending as late as it is now. @param {string} key */
    lagStop: function (key) {
      var stopped = lagWatch.stop(key);
      return stopped ? stopped.maxMs : null;
    },
    /** The smallest step the page's clock takes (engines coarsen it: whole milliseconds in some). */
    resolution: function () {
      var min = Infinity, last = now();
      for (var i = 0; i < 1e6 && (min === Infinity || i < 1e4); i++) { var t = now(); if (t > last) { min = Math.min(min, t - last); last = t; } }
      return min;
    },
    /** Opens the page's clock-sync socket: it answers each message from the server at once with the page's clock. @param {string} url */
    syncOpen: function (url) {
      return new Promise(function (resolve, reject) {
        var ws = new WebSocket(url);
        ws.onmessage = function () { ws.send(String(now())); };
        ws.onopen = function () { resolve(true); };
        ws.onerror = function () { reject(new Error('the clock-sync socket failed to open: ' + url)); };
      });
    },
    /** Whether the page counts as visible: hidden pages get their timers throttled by some engines. */
    visibility: function () { return document.visibilityState; },
    events: function () { return events; },
    /** Ends a trial in one call: stops the event-loop watch and returns its record with the trial's events. @param {string} tag */
    finish: function (tag) {
      // A trial's own tag, its reconnect attempts (`<tag>~…`) and page-wide events.
      return { watch: lagWatch.stop(tag), events: events.filter(function (e) { return e.tag === tag || e.tag.indexOf(tag + '~') === 0 || e.tag === '*'; }) };
    },
    now: now,
    // For ./heartbeat.js, served after this script: a socket by tag, and an event into the record.
    _socket: socket,
    _record: snapshot,
  };
  // The API the Node side (recorder/recorder.ts) calls by name.
  /** @type {Window & { __wslab?: typeof wslab }} */ (window).__wslab = wslab;
})();
