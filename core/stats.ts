/**
 * The lab's one statistics module: every median, quantile, interval and rank statistic in the suite is computed
 * here, on independent trials. Inputs need not be sorted; empty inputs are the caller's to avoid.
 */

const ascending = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

/** The median; for an even count, the mean of the two middle values. */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/**
 * How far the median can be off when each value is only known to ± its own uncertainty: the true values' median
 * lies between the median of the lower ends and that of the upper ends (the median is monotone in every value),
 * so one badly stalled trial widens the max, not the median's error.
 */
export function medianUncertainty(xs: readonly { ms: number; uncertaintyMs: number }[]): number {
  const m = median(xs.map(x => x.ms));
  return Math.max(median(xs.map(x => x.ms + x.uncertaintyMs)) - m, m - median(xs.map(x => x.ms - x.uncertaintyMs)));
}

/** The q-quantile, interpolated linearly between order statistics (Hyndman & Fan type 7, R's default). */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) throw new Error('quantile of no values');
  const s = ascending(xs);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
}

function binomialCdfHalf(n: number, k: number): number {
  // P(X ≤ k) for X ~ Binomial(n, 1/2), exactly, for the n of a lab run (up to a few hundred).
  let term = 0.5 ** n;
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    sum += term;
  }
  return sum;
}

/** A distribution-free interval for the median: two order statistics, and how often such an interval covers it. */
export interface MedianInterval {
  lo: number;
  hi: number;
  /** The interval's exact coverage (≥ the requested level where n allows; below it for very small n). */
  coverage: number;
}

/**
 * The order-statistic interval [x(k), x(n−k+1)] with the largest k whose coverage is at least `level`
 * (binomial, no assumption about the distribution). With n < 6 no interval reaches 95 %; the widest one,
 * [min, max], is returned with its true coverage (93.75 % at n = 5).
 */
export function medianInterval(xs: readonly number[], level = 0.95): MedianInterval {
  const s = ascending(xs);
  const n = s.length;
  let k = 1;
  while (k + 1 <= Math.ceil(n / 2) && 1 - 2 * binomialCdfHalf(n, k) >= level) k++;
  return { lo: s[k - 1], hi: s[n - k], coverage: 1 - 2 * binomialCdfHalf(n, k - 1) };
}

/** Rank AUC of two samples: the probability that a value from `b` exceeds one from `a` (ties count half). */
export function rankAuc(a: readonly number[], b: readonly number[]): number {
  let wins = 0;
  for (const x of a) for (const y of b) wins += y > x ? 1 : y === x ? 0.5 : 0;
  return wins / (a.length * b.length);
}

/** Rank AUC with its 95 % interval (Hanley & McNeil's standard error, clipped to [0, 1]). */
export function rankAucInterval(a: readonly number[], b: readonly number[]): { auc: number; lo: number; hi: number } {
  const auc = rankAuc(a, b);
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance = (auc * (1 - auc) + (b.length - 1) * (q1 - auc * auc) + (a.length - 1) * (q2 - auc * auc)) / (a.length * b.length);
  // With every pair ordered one way the variance is 0; the interval then still reflects the sample size.
  const se = Math.sqrt(Math.max(variance, 1 / (4 * a.length * b.length)));
  return { auc, lo: Math.max(0, auc - 1.96 * se), hi: Math.min(1, auc + 1.96 * se) };
}

/** Spearman's rank correlation of a series with its order: does a value drift with repetition? */
export function orderCorrelation(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 3) return 0;
  const ranks = rank(xs);
  const mean = (n + 1) / 2;
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < n; i++) {
    num += (i + 1 - mean) * (ranks[i] - mean);
    dx += (i + 1 - mean) ** 2;
    dy += (ranks[i] - mean) ** 2;
  }
  return dy === 0 ? 0 : num / Math.sqrt(dx * dy);
}

// Spearman's ρ·√(n−1) is close to standard normal when order does not matter; 1.96 bounds 95 % of it.
const Z_95 = 1.96;

/**
 * Whether a series drifts with repetition: its order correlation, and whether that correlation is beyond what
 * order-free noise gives 95 % of the time (two-sided). Below 5 values no drift can be shown.
 */
export function orderDrift(xs: readonly number[]): { rho: number; drifts: boolean } {
  const rho = orderCorrelation(xs);
  return { rho, drifts: xs.length >= 5 && Math.abs(rho) * Math.sqrt(xs.length - 1) > Z_95 };
}

/** Ranks from 1, ties sharing their mean rank. */
function rank(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((p, q) => p.x - q.x);
  const ranks = new Array<number>(xs.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].x === order[start].x) end++;
    for (let j = start; j <= end; j++) ranks[order[j].i] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}

/** Rounds to 0.1 ms, the precision the lab publishes times at. */
export const roundMs = (ms: number): number => Math.round(ms * 10) / 10;
