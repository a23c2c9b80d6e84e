import { batchesOf } from "../storage/bounded-concurrency";
import { secondsOf, type TimedSide } from "../storage/in-turns";
import type { IngestBenchService } from "./ingest-bench-service";
import type { CopyConnection } from "./ingest-copy-baseline";
import { writeThroughLineProtocol } from "./ingest-line-protocol";
import type { IngestBenchPoint } from "./ingest-points";
import type { IngestBenchSettings } from "./ingest-settings";
import { checkTally, emptyIngestTables, expectedTally, tallyIngestedRows } from "./ingest-table";
import { writeThroughTypedClient } from "./ingest-typed-client";

/** The ways the points go in: the two baselines (see CopyMode) and the service's two write paths. */
export type IngestPathName = "COPY" | "COPY staged under RLS" | "typed client" | "line protocol";

const PATH_NAMES: IngestPathName[] = ["COPY", "COPY staged under RLS", "typed client", "line protocol"];

const byPath = <T>(make: (name: IngestPathName) => T) =>
  Object.fromEntries(PATH_NAMES.map((name) => [name, make(name)])) as Record<IngestPathName, T>;

/** The measured paths, and the service's peak resident memory during each of their turns. */
export interface IngestPaths {
  sides: Record<IngestPathName, TimedSide>;
  peakMegabytes: Record<IngestPathName, number[]>;
  /** Writes a little through each path once, so the measured turns find everything warm, and empties the table. */
  warmUp(): Promise<void>;
}

type Writer = (points: readonly IngestBenchPoint[]) => Promise<number>;

/**
 * Every path writes all the points into an emptied table; a turn counts from its first byte sent
 * to its last answer, and fails unless the table then holds exactly those points.
 */
export function ingestPaths(
  service: IngestBenchService,
  copy: CopyConnection,
  points: readonly IngestBenchPoint[],
  settings: IngestBenchSettings,
): IngestPaths {
  const callers = settings.BENCH_TELEMETRY_CALLERS;
  const writers: Record<IngestPathName, Writer> = {
    COPY: (some) => copy.copy(some, "system"),
    "COPY staged under RLS": (some) => copy.copy(some, "staged"),
    "typed client": (some) =>
      writeThroughTypedClient(service, batchesOf(some, settings.BENCH_TELEMETRY_BATCH), callers),
    "line protocol": (some) =>
      writeThroughLineProtocol(service, batchesOf(some, settings.BENCH_TELEMETRY_LINE_BATCH), callers),
  };
  const expected = expectedTally(points);
  const peakMegabytes = byPath<number[]>(() => []);
  const side =
    (name: IngestPathName): TimedSide =>
    async () => {
      await emptyIngestTables(service.ownerUrl);
      await service.startMemoryWindow();
      let written = 0;
      const seconds = await secondsOf(async () => (written = await writers[name](points)));
      peakMegabytes[name].push((await service.memory()).peakMegabytes);
      if (written !== points.length) throw new Error(`${name} reported ${written} points written of ${points.length}`);
      checkTally(name, await tallyIngestedRows(service.appUrl, service.tenant), expected);
      return seconds;
    };
  return {
    sides: byPath(side),
    peakMegabytes,
    async warmUp() {
      const some = points.slice(0, Math.min(points.length, 4 * settings.BENCH_TELEMETRY_BATCH));
      for (const write of Object.values(writers)) await write(some);
      await emptyIngestTables(service.ownerUrl);
    },
  };
}
