import { tcpGiveUpMs } from '../scenarios/mechanisms';
import type { NetworkCut } from '../scenarios/schema';
import { caseTiming, pairVerdicts } from '../findings/side-channel';
import type { Finding, FindingsFile } from '../findings/schema';

const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);

function closeCell(f: Finding): string {
  const o = f.observed;
  const close = o.closeCode === null ? `no close in ${ms(o.windowMs)}` : `${o.closeCode}${o.wasClean ? ' clean' : ''}`;
  const time = o.msToClose ? ` · ${ms(o.msToClose.median)}` : '';
  return `${close} · error ${o.errorFired ? 'yes' : 'no'}${time}${o.consistent ? '' : ' · *varies*'}`;
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map(r => `| ${r.join(' | ')} |`)];
}

/**
 * What the kernel does to the socket after a cut, as the scenario and the kernel settings imply. A close that
 * comes sooner than this is the browser's own doing (its timers, keepalives or network-change handling).
 */
function mechanism(cut: Pick<NetworkCut, 'method' | 'traffic'>, retries2: string): string {
  if (cut.method === 'offline') return 'browser emulation only: no packet is touched';
  if (cut.method === 'link-down') return 'the browser\'s interface goes down: its routes vanish, and the OS tells whoever watches the link';
  if (cut.method === 'reject') return 'the next packet either side sends draws a TCP reset';
  if (cut.traffic === 'idle') return 'nothing is sent, so TCP notices nothing (keepalive idle time: the browser\'s choice)';
  return `unacknowledged data: TCP gives up after tcp_retries2=${retries2} (${ms(tcpGiveUpMs(Number(retries2)))})`;
}

function parseCut(id: string): Pick<NetworkCut, 'method' | 'traffic'> | null {
  const m = /^network-cut:([a-z-]+):([a-z-]+)$/.exec(id);
  return m ? ({ method: m[1], traffic: m[2] } as Pick<NetworkCut, 'method' | 'traffic'>) : null;
}

/** The findings page for people: the seed's questions, the close-code matrix, deviations, every record. */
export function renderMarkdown(file: FindingsFile): string {
  const find = (scenario: string, project: string) => file.findings.find(f => f.scenario === scenario && f.project === project);
  const projects = [...new Set(file.findings.map(f => f.project))].sort();
  const scenarios = [...new Set(file.findings.map(f => f.scenario))];
  const family = (prefix: string) => scenarios.filter(s => s.startsWith(prefix));
  /** One row per scenario, one column per project. */
  const matrix = (first: string, ids: string[], cell: (f: Finding) => string, label = (s: string) => `\`${s}\``) =>
    table([first, ...projects], ids.map(s => [label(s), ...projects.map(p => {
      const f = find(s, p);
      return f ? cell(f) : '–';
    })]));
  const env = file.environment;
  const out: string[] = [
    '# WebSocket failure findings',
    '',
    `Measured ${file.generatedAt} by the \`${env.profile}\` profile on ${env.os}, kernel ${env.kernel}, Node ${env.node}, Playwright ${env.playwright}. ` +
      `Kernel TCP settings where the browsers ran: ${Object.entries(env.tcp).map(([k, v]) => `${k}=${v}`).join(', ')}. ` +
      'Times are from the fault to the page\'s `close` event, on one clock (epoch ms); Firefox and WebKitGTK report it in whole milliseconds.',
    '',
    ...table(
      ['project', 'engine', 'version', 'driver', 'executable'],
      projects.map(p => {
        const f = file.findings.find(x => x.project === p)!;
        return [p, f.engine, f.browserVersion, `${f.driver} (${f.source})`, `\`${f.executable}\``];
      }),
    ),
    '',
    'A cell reads: close code seen by the page (`clean` when wasClean) · whether `error` fired · median time to `close`.',
  ];
  if (file.calibration.length) {
    out.push('', '**Harness accuracy** (specs/calibration.spec.ts): how far the page clock is from the Node clock, and its resolution.', '');
    out.push(
      ...table(
        ['project', 'clock offset, median', 'largest offset (absolute)', 'round trip, median', 'page clock resolution'],
        file.calibration.map(c => [c.project, `${c.clockOffsetMs.median} ms`, `${c.clockOffsetMs.maxAbs} ms`, `${c.roundTripMs.median} ms`, `${c.resolutionMs} ms`]),
      ),
    );
  }

  const cuts = family('network-cut:');
  if (cuts.length) {
    out.push('', '## The network is cut under an open socket', '');
    out.push(
      `Windows: ${[...new Set(cuts.map(s => file.findings.find(f => f.scenario === s)!.observed.windowMs))].map(ms).join(', ')}. ` +
        '"no close" means nothing happened within the window — a result, not a failure. The first `send()` after the cut: whether it threw (`ok`: it did not), readyState and bufferedAmount before→after.',
      '',
    );
    out.push(
      ...table(
        ['scenario', 'what the kernel does', ...projects.map(p => `${p}: close · error · time · first send()`)],
        cuts.map(s => [
          `\`${s}\``,
          mechanism(parseCut(s)!, env.tcp.tcp_retries2),
          ...projects.map(p => {
            const f = find(s, p);
            const send = f?.samples[0].sends[0];
            return f ? `${closeCell(f)}${send ? ` · ${send}` : ''}` : '–';
          }),
        ]),
      ),
    );
    const restores = cuts.filter(s => s.endsWith(':restore'));
    if (restores.length) {
      out.push('', 'After a short cut is lifted (messages sent during the cut → reached the server / of them during the cut / twice):', '');
      out.push(
        ...matrix('scenario', restores, f => {
          const d = f.samples[0].delivery;
          return d ? `${d.received}/${d.sent} delivered, ${d.receivedDuringCut} during the cut, ${d.duplicated} twice` : '–';
        }),
      );
    }
  }

  const seven = family('handshake-fail:');
  if (seven.length) {
    out.push('', '## Seven failures a page must not tell apart — and their timing', '');
    out.push('Each run from a fresh page to a fresh endpoint, one at a time (browsers back off from endpoints that failed, see `reconnect-backoff`); time from `new WebSocket()` to `close`, in ms. A case missing from a table was skipped in this run (see the HTML report for why).', '');
    for (const p of projects) {
      const fs = seven.map(s => find(s, p)).filter((f): f is Finding => !!f);
      if (!fs.length) continue;
      out.push(`### ${p} ${fs[0].browserVersion}`, '');
      out.push(
        ...table(
          ['case', 'close record', 'n', 'min', 'median', 'p95', 'max'],
          fs.map(f => {
            const t = caseTiming(f);
            return [`\`${f.scenario}\``, closeCell(f), ...(t ? [t.n, t.min, t.median, t.p95, t.max].map(String) : ['0', '–', '–', '–', '–'])];
          }),
        ),
      );
      // Only cases the page cannot already tell apart by what it sees (events, code, reason) need the timing question.
      const sameRecord = new Map<string, Finding[]>();
      for (const f of fs) {
        const key = `${f.observed.events}|${f.observed.closeCode}|${f.observed.closeReason}|${f.observed.wasClean}`;
        sameRecord.set(key, [...(sameRecord.get(key) ?? []), f]);
      }
      const verdicts = [...sameRecord.values()].flatMap(pairVerdicts);
      const separable = verdicts.filter(v => v.separable);
      out.push(
        '',
        `Timing verdict: of ${verdicts.length} pairs the page sees identically (same events, code, reason), ${separable.length} can be told apart by time ` +
          `(disjoint ranges, or a one-threshold classifier ≥ 90 % right on held-out runs)` +
          (separable.length ? `: ${separable.map(v => `${v.a.split(':')[1]} vs ${v.b.split(':')[1]} (${Math.round(v.heldOutAccuracy * 100)} %${v.disjoint ? ', disjoint' : ''})`).join('; ')}.` : '.'),
        '',
      );
    }
  }

  const wire = family('wire-close:');
  if (wire.length) {
    out.push('', '## Close frames on the wire → what the page reports', '');
    out.push(...matrix('sent by the server', wire, closeCell, s => `\`${s.slice('wire-close:'.length)}\``));
  }

  const client = [...family('client-close:'), ...family('page-gone:')];
  if (client.length) {
    out.push('', '## The page closes → what close() did and what the server received', '');
    out.push(
      ...matrix('call', client, f => {
        const call = f.observed.events.find(e => e.startsWith('close()'));
        return `${call ? `${call} · ` : ''}server saw ${f.samples[0].serverSaw}`;
      }),
    );
  }

  const deviations = file.findings.filter(f => f.deviation);
  out.push('', '## Deviations from the standard', '');
  out.push(...(deviations.length ? deviations.map(f => `- **${f.project} ${f.browserVersion}**, \`${f.scenario}\`: ${f.deviation}`) : ['None observed in this run.']));

  out.push('', '## Every scenario', '', ...matrix('scenario', scenarios, closeCell));
  out.push('', '## Records', '', 'The whole outcome per scenario and project, as the specs compare it, with min/median/max time to `close`:', '');
  out.push(
    ...file.findings.map(
      f =>
        `- \`${f.scenario}\` · ${f.project} ${f.browserVersion}: ${f.observed.record}` +
        (f.observed.msToClose ? ` (${ms(f.observed.msToClose.min)} / ${ms(f.observed.msToClose.median)} / ${ms(f.observed.msToClose.max)} over ${f.runs} runs)` : ` (${f.runs} runs)`),
    ),
    '',
  );
  return out.join('\n');
}
