import { withSystem, type Database } from "@cauldron/db";
import type { JobWorker } from "@cauldron/rpc";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { runDetector } from "./run-detector";

/** Detectors listed per scan step. */
const SCAN_BATCH = 100;

/** What one detection run did. */
export interface AnomalyDetectionSummary {
  /** Detectors that judged at least one bucket. */
  detectorsRun: number;
  anomalies: number;
  /** Detectors whose run failed; they are tried again at the next run. */
  failedDetectorIds: string[];
}

export interface AnomalyDetectionOptions {
  /** The moment buckets must have ended by to be judged; the clock by default. */
  now?: Date;
  logger?: Logger;
  signal?: AbortSignal;
}

function enabledDetectorsAfter(db: Kysely<Database>, after: string | null) {
  return withSystem(db, (trx) =>
    trx
      .selectFrom("timeseries.anomaly_detectors")
      .select(["id", "organization_id as organizationId"])
      .where("enabled", "=", true)
      .$if(after !== null, (query) => query.where("id", ">", after!))
      .orderBy("id")
      .limit(SCAN_BATCH)
      .execute(),
  );
}

/**
 * Runs every enabled detector of every organization once: the system role lists them in batches,
 * then each runs in its own transaction inside its organization (see runDetector). A detector that
 * fails is logged and left for the next run; the others go on.
 */
export async function runAnomalyDetection(
  db: Kysely<Database>,
  options: AnomalyDetectionOptions = {},
): Promise<AnomalyDetectionSummary> {
  const now = options.now ?? new Date();
  const summary: AnomalyDetectionSummary = { detectorsRun: 0, anomalies: 0, failedDetectorIds: [] };
  let after: string | null = null;
  for (;;) {
    const batch = await enabledDetectorsAfter(db, after);
    for (const target of batch) {
      if (options.signal?.aborted) return summary;
      try {
        const recorded = await runDetector(db, target, now);
        if (recorded === null) continue;
        summary.detectorsRun += 1;
        summary.anomalies += recorded;
      } catch (error) {
        summary.failedDetectorIds.push(target.id);
        options.logger?.warn({ err: error, detectorId: target.id }, "anomaly detector run failed");
      }
    }
    if (batch.length < SCAN_BATCH) return summary;
    after = batch[batch.length - 1]!.id;
  }
}

/** Judges the newly completed buckets of every enabled detector, once per deployment every `everyMs`. */
export function anomalyDetectionJob(options: { everyMs?: number } = {}): JobWorker {
  return {
    kind: "job",
    name: "telemetry.anomaly-detection",
    everyMs: options.everyMs ?? 60_000,
    async run({ db, logger, signal }) {
      const summary = await runAnomalyDetection(db, { logger, signal });
      if (summary.anomalies > 0 || summary.failedDetectorIds.length > 0) {
        logger.info(summary, "anomaly detection run");
      }
    },
  };
}
