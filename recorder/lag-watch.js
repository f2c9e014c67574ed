// @ts-check
// The event-loop watch, served in /recorder.js before ./page.js: a timer that should fire every periodMs; how late it
// fires is how long the page could not run a handler. Each timer is armed from a message task, not from the previous
// timer: engines clamp or align timers nested ten deep (WebKitGTK's pages under WebDriver are hidden and aligned
// nested timers to 1 s), a message resets that. One watch per key (trials may share a page), each with its own
// channel. Ticks later than stallMs are kept as [due, fired], so a handler's delay can be bounded by the ticks around
// it, not by the whole watch: a stall far from an event did not delay it. Plain ES2017, checked by tsc like page.js.
/**
 * @typedef {{ periodMs: number, stallMs: number, from: number, maxMs: number, due: number, timer: ReturnType<typeof setTimeout> | number, channel: MessageChannel, late: number[][] }} LagWatch
 * @typedef {{ maxMs: number, late: number[][], from: number, to: number, stallMs: number }} LagRecord
 */
(function () {
  'use strict';
  var now = function () { return performance.timeOrigin + performance.now(); };
  /** @type {Record<string, LagWatch>} */
  var lags = {};
  /** @param {LagWatch} watch */
  function arm(watch) {
    watch.due = now() + watch.periodMs;
    watch.timer = setTimeout(function () {
      var fired = now();
      if (fired - watch.due > watch.stallMs) watch.late.push([watch.due, fired]);
      watch.maxMs = Math.max(watch.maxMs, fired - watch.due);
      watch.channel.port2.postMessage(0);
    }, watch.periodMs);
  }
  /** Stops `key`'s watch; a timer still pending counts as late as it is now. @param {string} key @returns {LagRecord | null} */
  function stop(key) {
    var watch = lags[key];
    if (!watch) return null;
    clearTimeout(watch.timer);
    watch.channel.port1.close();
    delete lags[key];
    var t = now();
    if (t - watch.due > watch.stallMs) watch.late.push([watch.due, t]);
    return { maxMs: Math.max(watch.maxMs, t - watch.due, 0), late: watch.late, from: watch.from, to: t, stallMs: watch.stallMs };
  }
  /** Starts `key`'s watch (stopping one it had). @param {string} key @param {number} periodMs @param {number} stallMs */
  function start(key, periodMs, stallMs) {
    stop(key);
    /** @type {LagWatch} */
    var watch = { periodMs: periodMs, stallMs: stallMs, from: now(), maxMs: 0, due: 0, timer: 0, channel: new MessageChannel(), late: [] };
    lags[key] = watch;
    watch.channel.port1.onmessage = function () { if (lags[key] === watch) arm(watch); };
    arm(watch);
  }
  /** @type {Window & { __wslabLag?: { start: typeof start, stop: typeof stop } }} */ (window).__wslabLag = { start: start, stop: stop };
})();
