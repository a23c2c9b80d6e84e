import type { BenchFigure } from "../bench-report";
import type { IngestPathName } from "./ingest-paths";
import { countLabel, type IngestBenchSettings } from "./ingest-settings";

/** What the measured turns found: each path's best rate, and the service's memory. */
export interface IngestResults {
  pointsPerSecond: Record<IngestPathName, number>;
  peakMegabytes: Record<IngestPathName, number[]>;
  idleMegabytes: number;
  partitioning: string;
}

/** The floor for either write path, whatever COPY reaches. */
export const FLOOR_POINTS_PER_SECOND = 100_000;

/** Each service path against COPY (≥ 0.5×) and against the floor (≥ 100k points/s), and the service's peak memory. */
export function ingestFigures(results: IngestResults, settings: IngestBenchSettings): BenchFigure[] {
  const points = countLabel(settings.BENCH_TELEMETRY_POINTS);
  const callers = `${settings.BENCH_TELEMETRY_CALLERS} callers`;
  const copy = results.pointsPerSecond.COPY;
  const copyName = `COPY FROM STDIN as the services' role switched to cauldron_system (${results.partitioning})`;
  const path = (name: "typed client" | "line protocol", label: string): BenchFigure[] => {
    const ours = results.pointsPerSecond[name];
    return [
      {
        name: label,
        unit: "points/s",
        ours,
        baseline: copy,
        baselineName: copyName,
        higherIsBetter: true,
        target: 0.5,
      },
      {
        name: "  against a bulk load the tenant policy checks",
        unit: "points/s",
        ours,
        baseline: results.pointsPerSecond["COPY staged under RLS"],
        baselineName: "COPY into a temporary table, then INSERT … SELECT as the services' role",
        higherIsBetter: true,
      },
      {
        name: "  against the floor",
        unit: "points/s",
        ours,
        baseline: FLOOR_POINTS_PER_SECOND,
        baselineName: `${countLabel(FLOOR_POINTS_PER_SECOND)} points/s, the least either path must reach`,
        higherIsBetter: true,
        target: 1,
      },
      {
        name: "  service peak RSS meanwhile",
        unit: "MB",
        ours: Math.max(...results.peakMegabytes[name]),
        baseline: results.idleMegabytes,
        baselineName: "the service's RSS when idle",
        higherIsBetter: false,
        compare: "difference",
      },
    ];
  };
  return [
    ...path(
      "typed client",
      `telemetry ingest, ${points} points, telemetry.metrics.write (${countLabel(settings.BENCH_TELEMETRY_BATCH)}/call, ${callers})`,
    ),
    ...path(
      "line protocol",
      `telemetry ingest, ${points} points, InfluxDB line protocol (${countLabel(settings.BENCH_TELEMETRY_LINE_BATCH)}/request, gzip, ${callers})`,
    ),
  ];
}
