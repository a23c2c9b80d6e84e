import { readFile } from "node:fs/promises";
import path from "node:path";
import type { BenchFigure } from "../bench-report";
import { fastest, runInTurns } from "../storage/in-turns";
import { timeIngestStages, renderStageTimings } from "./ingest-breakdown";
import { startIngestBenchService, type IngestBenchService } from "./ingest-bench-service";
import { connectForCopy } from "./ingest-copy-baseline";
import { SERVICE_PROFILE_FILE } from "./ingest-cpu-profile";
import { ingestFigures, type IngestResults } from "./ingest-figures";
import { ingestPaths, type IngestPathName } from "./ingest-paths";
import { INGEST_BENCH_METRICS, ingestBenchPoints, type IngestBenchPoint } from "./ingest-points";
import { renderProfileSummary, summarizeCpuProfile } from "./ingest-profile-summary";
import { countLabel, ingestBenchSettings, progress, type IngestBenchSettings } from "./ingest-settings";

// Enough batches to time each step steadily, few enough that the breakdown stays a footnote.
const STAGE_SAMPLE_POINTS = 100_000;

async function measurePaths(
  service: IngestBenchService,
  points: IngestBenchPoint[],
  settings: IngestBenchSettings,
): Promise<IngestResults> {
  const copy = await connectForCopy(service.appUrl, service.tenant);
  try {
    const paths = ingestPaths(service, copy, points, settings);
    progress("warming up: a few batches through each path");
    await paths.warmUp();
    const idleMegabytes = (await service.memory()).residentMegabytes;
    progress(`service resident memory when idle: ${idleMegabytes.toFixed(0)} MB`);
    const rate = (seconds: number) => `${countLabel(points.length / seconds)} points/s, rows checked`;
    const seconds = await runInTurns(settings.BENCH_TELEMETRY_ROUNDS, paths.sides, (_key, taken) => rate(taken));
    const pointsPerSecond = Object.fromEntries(
      Object.entries(seconds).map(([name, taken]) => [name, points.length / fastest(taken)]),
    ) as Record<IngestPathName, number>;
    return { pointsPerSecond, peakMegabytes: paths.peakMegabytes, idleMegabytes, partitioning: service.partitioning };
  } finally {
    await copy.close();
  }
}

async function reportStages(service: IngestBenchService, points: IngestBenchPoint[], settings: IngestBenchSettings) {
  const sample = points.slice(0, Math.min(points.length, STAGE_SAMPLE_POINTS));
  progress(`timing each step alone on ${countLabel(sample.length)} points (one core, in this process)`);
  const timings = await timeIngestStages(service, sample, settings.BENCH_TELEMETRY_BATCH);
  process.stderr.write(`${renderStageTimings(timings)}\n`);
}

async function reportProfile(folder: string) {
  const file = path.join(folder, SERVICE_PROFILE_FILE);
  const summary = summarizeCpuProfile(JSON.parse(await readFile(file, "utf8")));
  process.stderr.write(
    `${renderProfileSummary(summary)}\n        (open ${file} in Chrome DevTools for the flame chart)\n`,
  );
}

/**
 * The same points (BENCH_TELEMETRY_POINTS over fifty metrics, over the last day) written by
 * telemetry.metrics.write through the typed client and by InfluxDB line protocol through
 * @influxdata/influxdb-client, into the telemetry service in its own process, beside a raw COPY
 * of the same rows into the same table as the same role in a tenant transaction; every load is
 * checked row for row. Then each step of both paths is timed alone, and with
 * BENCH_TELEMETRY_PROFILE the service's CPU profile is summarized.
 */
export async function benchTelemetryIngest(): Promise<BenchFigure[]> {
  const settings = ingestBenchSettings();
  const count = settings.BENCH_TELEMETRY_POINTS;
  progress(`making ${countLabel(count)} points over ${INGEST_BENCH_METRICS.length} metrics, spread over the last day`);
  const points = ingestBenchPoints(count, new Date());
  progress("cloning a database from the migrated template; booting telemetry in its own process (no jobs)");
  if (settings.BENCH_TELEMETRY_PROFILE)
    progress("the service records a CPU profile: its figures carry the profiler's cost");
  const service = await startIngestBenchService();
  let results: IngestResults;
  try {
    progress(`time-series tables are ${service.partitioning} partitioned`);
    results = await measurePaths(service, points, settings);
    await reportStages(service, points, settings);
  } finally {
    await service.stop();
  }
  if (settings.BENCH_TELEMETRY_PROFILE) await reportProfile(settings.BENCH_TELEMETRY_PROFILE);
  return ingestFigures(results, settings);
}
