import type { ValuedPoint } from "./gap-fill";

/**
 * The per-second increase of a counter from each bucket to the next one with a value, placed at the
 * later bucket; the first bucket has no rate. A value below the one before means the counter was
 * reset to zero in between, so the increase is the new value itself.
 */
export function perSecondRate(points: readonly ValuedPoint[]): ValuedPoint[] {
  const rates: ValuedPoint[] = [];
  for (let index = 1; index < points.length; index += 1) {
    const before = points[index - 1]!;
    const after = points[index]!;
    const increase = after.value >= before.value ? after.value - before.value : after.value;
    rates.push({ time: after.time, value: increase / ((after.time - before.time) / 1_000) });
  }
  return rates;
}
