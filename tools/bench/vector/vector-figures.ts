import type { BenchFigure } from "../bench-report";
import type { LoadResult } from "./query-load";

const SQL_BASELINE = "same SQL via pg (app role, tenant transaction, same ef_search)";
const EXACT_BASELINE = "exact top-10 by brute force";

/** QPS, p50 and p95 of the service beside the same SQL at the same concurrency; QPS must reach 0.8×. */
export function searchFigures(
  label: string,
  concurrency: number,
  service: LoadResult<unknown>,
  sql: LoadResult<unknown>,
): BenchFigure[] {
  const latency = (quantile: "p50" | "p95", ours: number, baseline: number): BenchFigure => ({
    name: `${label}: ${quantile}`,
    unit: "ms",
    ours,
    baseline,
    baselineName: SQL_BASELINE,
    higherIsBetter: false,
  });
  return [
    {
      name: `${label}: QPS, ${concurrency} lanes`,
      unit: "q/s",
      ours: service.queriesPerSecond,
      baseline: sql.queriesPerSecond,
      baselineName: SQL_BASELINE,
      higherIsBetter: true,
      target: 0.8,
    },
    latency("p50", service.p50Ms, sql.p50Ms),
    latency("p95", service.p95Ms, sql.p95Ms),
  ];
}

/**
 * Where HTTP alone puts the ceiling, and where HTTP with the service's per-search duties (access
 * look-up, query log) puts it: both bare routes' QPS against the same SQL, and the service's
 * against the route with those duties. Figures only; the target stays on the service against the SQL.
 */
export function bareRouteFigures(
  label: string,
  service: LoadResult<unknown>,
  bare: LoadResult<unknown>,
  bareWithDuties: LoadResult<unknown>,
  sql: LoadResult<unknown>,
): BenchFigure[] {
  return [
    {
      name: `  ${label}: QPS of the same SQL behind a bare node:http route`,
      unit: "q/s",
      ours: bare.queriesPerSecond,
      baseline: sql.queriesPerSecond,
      baselineName: SQL_BASELINE,
      higherIsBetter: true,
    },
    {
      name: `  ${label}: QPS of the same SQL behind a bare route with access look-up and query log`,
      unit: "q/s",
      ours: bareWithDuties.queriesPerSecond,
      baseline: sql.queriesPerSecond,
      baselineName: SQL_BASELINE,
      higherIsBetter: true,
    },
    {
      name: `  ${label}: QPS of the service beside the bare route with those duties`,
      unit: "q/s",
      ours: service.queriesPerSecond,
      baseline: bareWithDuties.queriesPerSecond,
      baselineName: "the same SQL behind a bare route with access look-up and query log, same lanes",
      higherIsBetter: true,
    },
  ];
}

/** recall@10 held against the exact answer (recall 1 by definition), so the ratio is the recall itself. */
export function recallFigure(label: string, recall: number, target?: number): BenchFigure {
  return {
    name: `${label}: recall@10`,
    unit: "",
    ours: recall,
    baseline: 1,
    baselineName: EXACT_BASELINE,
    higherIsBetter: true,
    ...(target !== undefined ? { target } : {}),
  };
}

/** A filtered search's recall and mean result count, each against the exact filtered answer; the count must be full. */
export function filteredFigures(label: string, recall: number, meanCount: number, topK: number): BenchFigure[] {
  return [
    recallFigure(label, recall),
    {
      name: `${label}: mean results`,
      unit: "rows",
      ours: meanCount,
      baseline: topK,
      baselineName: `${EXACT_BASELINE} (${topK} rows match)`,
      higherIsBetter: true,
      target: 1,
    },
  ];
}

/** What the bench process's peak memory grew by once the service ran, beside its memory before. */
export function memoryFigure(label: string, peakMegabytes: number, beforeMegabytes: number): BenchFigure {
  return {
    name: `${label}: peak RSS, bench process hosting the service`,
    unit: "MB",
    ours: peakMegabytes,
    baseline: beforeMegabytes,
    baselineName: "same process before the service started (data set loaded)",
    higherIsBetter: false,
    compare: "difference",
  };
}
