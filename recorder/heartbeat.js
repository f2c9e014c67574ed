// @ts-check
// The page's own heartbeat (scenarios/heartbeat: client-ping), served in /recorder.js after ./page.js and written
// as an application writes one: a setInterval ping, a setTimeout per ping, close() with no code when one goes
// unanswered. Its timers are ordinary nested timers, so an engine that throttles them stretches it as it would a
// user's. Plain ES2017, checked by tsc through its JSDoc like page.js.
/**
 * @typedef {{ _socket(tag: string): WebSocket, _record(tag: string, ws: WebSocket, type: string, extra: Record<string, unknown>): unknown,
 *   close(tag: string): unknown, now(): number, heartbeat?: (tag: string, intervalMs: number, timeoutMs: number) => void }} Api
 */
(function () {
  'use strict';
  var api = /** @type {Api} */ (/** @type {Window & { __wslab?: Api }} */ (window).__wslab);
  /**
   * Sends `hb-N` every intervalMs on the tagged socket; the echo server's `hb-N` back is its pong. When ping N has
   * had no pong for timeoutMs the page records `heartbeat-dead` and calls close() on the socket.
   * @param {string} tag @param {number} intervalMs @param {number} timeoutMs
   */
  api.heartbeat = function (tag, intervalMs, timeoutMs) {
    var ws = api._socket(tag), sent = 0, answered = 0, dead = false;
    var timer = setInterval(function () {
      var n = ++sent, at = api.now();
      ws.send('hb-' + n);
      setTimeout(function () { if (!dead && answered < n && ws.readyState === WebSocket.OPEN) declareDead(n, at); }, timeoutMs);
    }, intervalMs);
    ws.addEventListener('message', function (ev) {
      var pong = /^hb-(\d+)$/.exec(String(ev.data));
      if (pong) answered = Math.max(answered, Number(pong[1]));
    });
    ws.addEventListener('close', function () { clearInterval(timer); });
    /** @param {number} n @param {number} pingAt when ping n was sent, so its deadline timer's lateness shows */
    function declareDead(n, pingAt) {
      dead = true;
      clearInterval(timer);
      api._record(tag, ws, 'heartbeat-dead', { ping: n, sent: sent, answered: answered, pingAt: pingAt });
      api.close(tag);
    }
  };
})();
