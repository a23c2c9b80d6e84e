import { bucketStartOf } from "../metrics/bucket-grid";
import { seededNormal } from "../forecasting/synthetic-noise";

const HOUR_MS = 3_600_000;

/**
 * Points of an hourly series with a daily cycle (100 ± 20) and a little noise, one in the middle of
 * each of the `hours` whole hours before the current one, oldest first.
 */
export function dailyCyclePoints(metric: string, hours: number, options: { level?: number; seed?: number } = {}) {
  const noise = seededNormal(options.seed ?? 11);
  const start = bucketStartOf(Date.now(), HOUR_MS) - hours * HOUR_MS;
  return Array.from({ length: hours }, (_, k) => {
    const time = start + k * HOUR_MS;
    const hourOfDay = new Date(time).getUTCHours();
    const value = (options.level ?? 100) + 20 * Math.sin((2 * Math.PI * hourOfDay) / 24) + noise();
    return { metric, time: new Date(time + HOUR_MS / 2), value };
  });
}
