import { expect, test } from '../../fixtures/harness';
import { separability, sideChannel } from '../../findings/side-channel';
import type { HandshakeCase } from '../../scenarios/schema';
import { finding, trial } from './findings-fixture';

// The side-channel verdicts are the study's conclusion: pin what each one means.

const handshake = (c: HandshakeCase, times: number[], overrides = {}) =>
  finding(`handshake-fail:${c}`, 'chromium', { kind: 'handshake-fail', case: c, attempts: 'fresh' }, times.map(ms => trial(ms, overrides)));

const range = (n: number, from: number) => Array.from({ length: n }, (_, i) => from + i);

test('side-channel: the verdict follows the AUC interval, whichever case is slower', () => {
  expect(separability({ auc: 0.6, lo: 0.3, hi: 0.9 })).toBe('not separable');
  expect(separability({ auc: 0.8, lo: 0.6, hi: 1 })).toBe('separable, weakly');
  expect(separability({ auc: 0.2, lo: 0, hi: 0.4 })).toBe('separable, weakly');
  expect(separability({ auc: 0.97, lo: 0.92, hi: 1 })).toBe('separable as an oracle');
  expect(separability({ auc: 0.03, lo: 0, hi: 0.08 })).toBe('separable as an oracle');
});

test('side-channel: pairs only among cases the page sees identically; 30 disjoint trials make an oracle', () => {
  const seen = { events: ['open', 'error', 'close'] };
  const [channel] = sideChannel([
    handshake('refused', range(30, 1), seen),
    handshake('tls', range(30, 100), seen),
    handshake('dns', range(30, 1), { events: ['error', 'close'] }),
  ]);
  expect(channel.pairs.map(p => [p.a, p.b, p.verdict])).toEqual([['handshake-fail:refused', 'handshake-fail:tls', 'separable as an oracle']]);
  expect(channel.groups).toEqual([['handshake-fail:refused', 'handshake-fail:tls'], ['handshake-fail:dns']]);
});

test('side-channel: a case whose times rise with repetition is flagged as drifting', () => {
  const [channel] = sideChannel([handshake('refused', range(10, 1)), handshake('tls', [5, 3, 6, 2, 7, 1, 8, 4, 5, 3])]);
  expect(channel.cases.map(c => [c.scenario, c.drifts])).toEqual([
    ['handshake-fail:refused', true],
    ['handshake-fail:tls', false],
  ]);
});
