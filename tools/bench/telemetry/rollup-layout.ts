import type { RollupBenchSettings } from "./rollup-settings";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Where the benchmark's raw points lie: which metrics and series, and at what times. */
export interface RollupLayout {
  metrics: string[];
  /** Series per metric, one per store (dimensions store=store-N, region=eu|us). */
  series: number;
  /** The span the points fill and every query covers: whole hours ending at the last whole hour. */
  from: Date;
  to: Date;
  pointsPerSeries: number;
  /** Milliseconds between two points of a series; the first lies at `from`. */
  spacingMs: number;
  rows: number;
}

/** Spreads BENCH_ROLLUP_ROWS evenly over the metrics' series and the days before `now`'s hour. */
export function rollupLayout(settings: RollupBenchSettings, now: Date): RollupLayout {
  const to = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const from = to - settings.BENCH_ROLLUP_DAYS * DAY_MS;
  const seriesCount = settings.BENCH_ROLLUP_METRICS * settings.BENCH_ROLLUP_SERIES;
  const pointsPerSeries = Math.max(1, Math.floor(settings.BENCH_ROLLUP_ROWS / seriesCount));
  const spacingMs = Math.floor((to - from) / pointsPerSeries);
  if (spacingMs < 1) throw new Error("BENCH_ROLLUP_ROWS puts more than one point per millisecond in a series");
  return {
    metrics: Array.from(
      { length: settings.BENCH_ROLLUP_METRICS },
      (_, index) => `sales.kpi_${String(index).padStart(2, "0")}`,
    ),
    series: settings.BENCH_ROLLUP_SERIES,
    from: new Date(from),
    to: new Date(to),
    pointsPerSeries,
    spacingMs,
    rows: pointsPerSeries * seriesCount,
  };
}
