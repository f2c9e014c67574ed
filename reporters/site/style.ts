import { outcomeStyle } from '../html';

/** The findings site's stylesheet: the findings page's outcome colours, the panels, and the charts' marks. */

const page = [
  'body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:120em;padding:0 1em;color:#222}',
  'h2{margin-top:2em;border-bottom:1px solid #ddd}h4{margin:1.2em 0 .3em}',
  'table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}',
  'thead th{background:#f3f3f3;position:sticky;top:0;z-index:1}',
  'p{max-width:75em}code{font-size:90%;background:#f3f3f3;padding:0 .2em}td code,th code{white-space:nowrap}',
  'nav{position:sticky;top:0;background:#fff;padding:.4em 0;border-bottom:1px solid #eee;z-index:2}nav a{margin-right:1.2em}',
  '.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5em .8em}',
  '.questions td:first-child{font-weight:600;max-width:16em}',
  'tr.group th{background:#fafafa;font-weight:600;color:#555}',
  '.matrix td{min-width:14em}.matrix a.cell{color:inherit;text-decoration:none;display:block}',
  '.matrix td:hover{outline:2px solid #555;outline-offset:-2px;cursor:pointer}',
].join('\n');

// A cell's detail is a panel over the page while the URL targets it: it opens from disk with no script.
const panel = [
  '.detail{display:none}',
  '.detail:target{display:block;position:fixed;top:2vh;left:50%;transform:translateX(-50%);width:min(1000px,97vw);max-height:96vh;',
  'overflow:auto;background:#fff;border:1px solid #888;box-shadow:0 8px 40px rgba(0,0,0,.35);padding:.5em 1.5em 1em;z-index:10;box-sizing:border-box}',
  '.detail h3{margin:.4em 0}.detail h3 small{font-weight:normal;color:#666}.detail .summary{padding:.3em .6em;border:1px solid #ccc}',
  '.close-panel{float:right;font-size:24px;text-decoration:none;color:#444}',
].join('\n');

const charts = [
  'figure{margin:.5em 0 1.5em}figcaption{font-weight:600;margin:.2em 0}svg.chart{max-width:100%;height:auto;display:block}',
  'svg text{font:11px system-ui,sans-serif;fill:#333}svg .tick{fill:#666}svg .grid{stroke:#e3e3e3}',
  'svg .lane,svg .row{fill:#fafafa;stroke:#eee}svg .close-time{fill:#444}',
  'svg .fault-axis,svg .fault{stroke:#d00;stroke-width:2}svg .window{stroke:#888;stroke-dasharray:4 3}svg .pm{stroke:#222;stroke-width:3;opacity:.35}',
  '.pinned{opacity:.45}.keys .key{margin-right:1em;white-space:nowrap}.fault-key{color:#d00}',
  '.k-close{fill:none;stroke:#222;stroke-width:2}.k-error{fill:#d93025}.k-send{fill:#1a73e8}.k-threw{fill:#a50e0e}.k-call{fill:#188038}.k-open{fill:#81c995}',
  '.k-message{fill:#9aa0a6}.k-net{fill:#f29900}.k-frame{fill:#007b83}.k-end{fill:#12b5cb}.k-server{fill:#a8dadc}.k-restored{fill:#34a853}.k-fault{fill:#d00}',
  // The engines' colours in the log charts, by the project's place in the run.
  '.p0{fill:#1a73e8;stroke:#1a73e8}.p1{fill:#e8710a;stroke:#e8710a}.p2{fill:#9334e6;stroke:#9334e6}.p3{fill:#188038;stroke:#188038}',
  'svg .median{stroke-width:3}svg .kn{stroke:none;font-size:10px}',
].join('\n');

/** The whole stylesheet. */
export const siteStyle = [page, outcomeStyle, panel, charts].join('\n');
