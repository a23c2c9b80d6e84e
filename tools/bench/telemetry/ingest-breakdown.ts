import { createDatabase, withTenant } from "@cauldron/db";
import { storeIngestedPoints } from "../../../libs/services/telemetry/src/ingest-http/store-ingested-points";
import { writeMetrics, type MetricsWriter } from "../../../libs/services/telemetry/src/metrics/write-metrics";
import { batchesOf } from "../storage/bounded-concurrency";
import type { IngestBenchService } from "./ingest-bench-service";
import { connectForCopy } from "./ingest-copy-baseline";
import type { IngestBenchPoint } from "./ingest-points";
import { INGEST_STAGES, stageBatch, type IngestStage, type StagedBatch } from "./ingest-stages";
import { emptyIngestTables } from "./ingest-table";

/** What one step cost per point, done alone: time passed, and this process's CPU time. */
export interface StageTiming {
  path: string;
  side: string;
  name: string;
  wallMicroseconds: number;
  cpuMicroseconds: number;
}

type TimedWork = (batch: StagedBatch) => unknown;
type StageCost = Pick<StageTiming, "wallMicroseconds" | "cpuMicroseconds">;

const cpuMicroseconds = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

// One untimed pass over the first batch, so every step is measured compiled and warm. CPU time
// is what a CPU step costs even when other work shares the machine; the SQL steps also wait.
async function costPerPoint(batches: readonly StagedBatch[], work: TimedWork): Promise<StageCost> {
  await work(batches[0]!);
  let points = 0;
  const startedCpu = cpuMicroseconds();
  const started = performance.now();
  for (const batch of batches) {
    await work(batch);
    points += batch.points.length;
  }
  return {
    wallMicroseconds: ((performance.now() - started) * 1_000) / points,
    cpuMicroseconds: (cpuMicroseconds() - startedCpu) / points,
  };
}

function databaseStages(service: IngestBenchService) {
  const db = createDatabase({ url: service.appUrl, poolMax: 2, applicationName: "cauldron-bench-stages" });
  const { organizationId } = service.tenant;
  const writer: MetricsWriter = { organizationId, tenant: (work) => withTenant(db, service.tenant, work) };
  const stages: IngestStage[] = [
    {
      path: "typed client",
      side: "service",
      name: "writeMetrics: point rules, then SQL in one tenant transaction",
      run: (batch) => writeMetrics(writer, batch.writeInput),
    },
    {
      path: "line protocol",
      side: "service",
      name: "storeIngestedPoints: point rules, then SQL in one tenant transaction",
      run: (batch) => storeIngestedPoints(writer, batch.decoded),
    },
  ];
  return { stages, close: () => db.destroy() };
}

/**
 * Times every step of both write paths alone on `points` (in batches of `batchSize`), each on one
 * core: the CPU steps in this process, and the service's own write functions against the
 * benchmark's database beside a COPY of the same batches; the tables are emptied between them.
 */
export async function timeIngestStages(
  service: IngestBenchService,
  points: IngestBenchPoint[],
  batchSize: number,
): Promise<StageTiming[]> {
  const batches = batchesOf(points, batchSize).map(stageBatch);
  const timings: StageTiming[] = [];
  const timeStage = async (stage: Pick<StageTiming, "path" | "side" | "name">, work: TimedWork) => {
    const { path, side, name } = stage;
    timings.push({ path, side, name, ...(await costPerPoint(batches, work)) });
  };
  for (const stage of INGEST_STAGES) await timeStage(stage, stage.run);
  const database = databaseStages(service);
  const copy = await connectForCopy(service.appUrl, service.tenant);
  try {
    for (const stage of database.stages) {
      await emptyIngestTables(service.ownerUrl);
      await timeStage(stage, stage.run);
    }
    await emptyIngestTables(service.ownerUrl);
    const copyStage = { path: "baseline", side: "database", name: "COPY FROM STDIN, one transaction per batch" };
    await timeStage(copyStage, (batch) => copy.copy(batch.points));
  } finally {
    await copy.close();
    await database.close();
  }
  return timings;
}

/** The timings as a table for the log: per point, time passed and this process's CPU time. */
export function renderStageTimings(timings: readonly StageTiming[]): string {
  const microseconds = (value: number) => `${value.toFixed(2)} µs`;
  const rows = timings.map((timing) => [
    timing.path,
    timing.side,
    timing.name,
    microseconds(timing.wallMicroseconds),
    microseconds(timing.cpuMicroseconds),
  ]);
  const header = ["path", "where", "step (alone, per point)", "time", "CPU here"];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
