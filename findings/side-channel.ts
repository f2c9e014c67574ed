import type { Finding } from './schema';

/** Timing distribution of one failure case on one engine. */
export interface CaseTiming {
  scenario: string;
  n: number;
  min: number;
  median: number;
  p95: number;
  max: number;
}

/** Whether two cases with identical close records can still be told apart by time alone. */
export interface PairVerdict {
  a: string;
  b: string;
  /** The ranges do not overlap at all. */
  disjoint: boolean;
  /** Accuracy of a one-threshold classifier trained on half the runs and tested on the other half. */
  heldOutAccuracy: number;
  separable: boolean;
}

// A threshold that classifies 90 % of unseen runs correctly is a usable oracle for a probing script.
const SEPARABLE_ACCURACY = 0.9;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export function caseTiming(f: Finding): CaseTiming | null {
  const ms = f.samples.map(s => s.msToClose).filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (!ms.length) return null;
  return { scenario: f.scenario, n: ms.length, min: round(ms[0]), median: round(quantile(ms, 0.5)), p95: round(quantile(ms, 0.95)), max: round(ms[ms.length - 1]) };
}

/** The best threshold on `train` (below → a, above → b, or the reverse), scored on `test`. */
function thresholdAccuracy(trainA: number[], trainB: number[], testA: number[], testB: number[]): number {
  const candidates = [...trainA, ...trainB].sort((x, y) => x - y);
  let best = { t: 0, lowIsA: true, score: -1 };
  for (const t of candidates) {
    for (const lowIsA of [true, false]) {
      const score = trainA.filter(x => (x <= t) === lowIsA).length + trainB.filter(x => (x > t) === lowIsA).length;
      if (score > best.score) best = { t, lowIsA, score };
    }
  }
  const right = testA.filter(x => (x <= best.t) === best.lowIsA).length + testB.filter(x => (x > best.t) === best.lowIsA).length;
  return right / (testA.length + testB.length);
}

/** Every pair of cases judged by time: runs alternate between training and held-out halves. */
export function pairVerdicts(findings: Finding[]): PairVerdict[] {
  const times = findings.map(f => ({ scenario: f.scenario, ms: f.samples.map(s => s.msToClose).filter((x): x is number => x !== null) }));
  const verdicts: PairVerdict[] = [];
  for (let i = 0; i < times.length; i++)
    for (let j = i + 1; j < times.length; j++) {
      const [A, B] = [times[i], times[j]];
      if (A.ms.length < 4 || B.ms.length < 4) continue;
      const half = (xs: number[], odd: number) => xs.filter((_, k) => k % 2 === odd);
      const disjoint = Math.max(...A.ms) < Math.min(...B.ms) || Math.max(...B.ms) < Math.min(...A.ms);
      const heldOutAccuracy = thresholdAccuracy(half(A.ms, 0), half(B.ms, 0), half(A.ms, 1), half(B.ms, 1));
      verdicts.push({ a: A.scenario, b: B.scenario, disjoint, heldOutAccuracy, separable: disjoint || heldOutAccuracy >= SEPARABLE_ACCURACY });
    }
  return verdicts;
}
