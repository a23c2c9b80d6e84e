import type { BenchFigure } from "../bench-report";
import { countLabel } from "./ingest-settings";
import type { RollupLayout } from "./rollup-layout";
import type { QueryTiming } from "./rollup-queries";

/** The target: the span query from rollups at least 20 times as fast as from raw rows. */
export const ROLLUP_SPEEDUP_TARGET = 20;

/** What the benchmark measured. */
export interface RollupResults {
  layout: RollupLayout;
  loadSeconds: number;
  buildSeconds: number;
  partitioning: string;
  queries: QueryTiming[];
}

/** The rollup build's rate beside the load's, and each span query from rollups beside raw rows (≥ 20×). */
export function rollupFigures(results: RollupResults): BenchFigure[] {
  const { layout } = results;
  const rows = countLabel(layout.rows);
  const days = Math.round((layout.to.getTime() - layout.from.getTime()) / 86_400_000);
  const perMetric = countLabel(layout.pointsPerSeries * layout.series);
  return [
    {
      name: `rollups: ${rows} raw rows (${layout.metrics.length} metrics x ${layout.series} series, ${days} days) to 1 min, 1 h and 1 day`,
      unit: "rows/s",
      ours: layout.rows / results.buildSeconds,
      baseline: layout.rows / results.loadSeconds,
      baselineName: `loading the same rows: INSERT … SELECT generate_series as the system role (${results.partitioning})`,
      higherIsBetter: true,
    },
    ...results.queries.map((query): BenchFigure => ({
      name: `  ${days}-day query, 1-hour buckets, ${query.label} (${perMetric} rows), telemetry.metrics.query`,
      unit: "queries/s",
      ours: 1_000 / query.oursMs,
      baseline: 1_000 / query.rawMs,
      baselineName: "the same answer from raw rows (queryMetrics, raw only, in process: no HTTP)",
      higherIsBetter: true,
      target: ROLLUP_SPEEDUP_TARGET,
    })),
  ];
}
