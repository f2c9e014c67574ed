import { expect, test } from '../../fixtures/harness';
import { median, medianInterval, medianUncertainty, orderCorrelation, orderDrift, quantile, rankAuc, rankAucInterval, roundMs } from '../../core/stats';

// core/stats is the one statistics module: these pin its definitions, so a change of definition is a visible act.

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

test('median and quantile: type 7 (linear between order statistics), unsorted input', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(quantile([10, 0], 0.95)).toBeCloseTo(9.5);
  expect(quantile(range(5), 0)).toBe(1);
  expect(quantile(range(5), 1)).toBe(5);
  expect(quantile(range(21), 0.95)).toBe(20);
  expect(() => quantile([], 0.5)).toThrow();
});

test('medianInterval: [min, max] with coverage 0.9375 at n = 5; at least 95 % and narrower at n = 30', () => {
  expect(medianInterval([5, 1, 4, 2, 3])).toEqual({ lo: 1, hi: 5, coverage: 0.9375 });
  const wide = medianInterval(range(30));
  expect(wide.coverage).toBeGreaterThanOrEqual(0.95);
  expect(wide.lo).toBeGreaterThan(1);
  expect(wide.hi).toBeLessThan(30);
  expect(wide.lo).toBeLessThanOrEqual(median(range(30)));
  expect(wide.hi).toBeGreaterThanOrEqual(median(range(30)));
});

test('rankAuc: 1 when b is always larger, 0 when always smaller, 0.5 for one sample against itself', () => {
  expect(rankAuc([1, 2, 3], [4, 5, 6])).toBe(1);
  expect(rankAuc([4, 5, 6], [1, 2, 3])).toBe(0);
  expect(rankAuc([1, 2, 3], [1, 2, 3])).toBe(0.5);
});

test('rankAucInterval: excludes 0.5 for disjoint samples of 30, contains it for one sample against itself', () => {
  const apart = rankAucInterval(range(30), range(30, 100));
  expect(apart.auc).toBe(1);
  expect(apart.lo).toBeGreaterThan(0.9);
  expect(apart.hi).toBe(1);
  const same = rankAucInterval(range(30), range(30));
  expect(same.lo).toBeLessThan(0.5);
  expect(same.hi).toBeGreaterThan(0.5);
  // At n = 5 per side even perfect separation leaves a wide interval.
  expect(rankAucInterval(range(5), range(5, 10)).lo).toBeLessThan(0.9);
});

test('orderCorrelation: 1 for a rising series, −1 for a falling one, 0 for a constant one', () => {
  expect(orderCorrelation([1, 2, 5, 9, 20])).toBe(1);
  expect(orderCorrelation([9, 7, 3, 1])).toBe(-1);
  expect(orderCorrelation([4, 4, 4, 4])).toBe(0);
});

test('orderDrift: a rising series of 30 drifts; an alternating one and a series of 4 do not', () => {
  expect(orderDrift(range(30))).toEqual({ rho: 1, drifts: true });
  expect(orderDrift(range(30).map(i => i % 2)).drifts).toBe(false);
  expect(orderDrift([1, 2, 3, 4]).drifts).toBe(false);
});

test('roundMs: to 0.1 ms', () => {
  expect(roundMs(1.26)).toBe(1.3);
  expect(roundMs(-0.04)).toBe(-0);
});

test("medianUncertainty: the median's own error, which one stalled trial does not widen", () => {
  const steady = [1, 2, 3, 4, 5].map(ms => ({ ms, uncertaintyMs: 0.5 }));
  expect(medianUncertainty(steady)).toBe(0.5);
  // A trial with ±100 ms can move the median only to its neighbour's bound (2 − 0.5), not by 100 ms.
  const stalled = [...steady.slice(0, 4), { ms: 5, uncertaintyMs: 100 }];
  expect(medianUncertainty(stalled)).toBe(1.5);
  // Three of five uncertain by 10 ms: the median is uncertain by 10 ms.
  expect(medianUncertainty([1, 2, 3, 4, 5].map((ms, i) => ({ ms, uncertaintyMs: i < 3 ? 10 : 0 })))).toBe(10);
});
