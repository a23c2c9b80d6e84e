import { withTenant, type Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import { bucketGrid } from "../../metrics/bucket-grid";
import type { MetricsReader } from "../../metrics/query-metrics";
import { historyBucketsOf } from "../detectors/detector-history";
import { readDetectorRow } from "../detectors/stored-detector";
import { detectorFeed } from "./detector-feed";
import { judgedRange } from "./judged-range";
import { judgeSeries } from "./judge-series";
import { readDetectorSeries } from "./read-detector-series";
import { recordAnomalies } from "./record-anomalies";

/** Which detector to run: found by the system scan, run inside its organization. */
export interface DetectorTarget {
  id: string;
  organizationId: string;
}

/**
 * Judges a detector's complete buckets since its last run in one transaction confined to its
 * organization: the detector row is locked (skipped when another run holds it), the anomalies,
 * their events and alerts are written and checked_until moves past the judged buckets, all or
 * none, so a rerun never records an anomaly twice. Answers how many anomalies it recorded, or
 * null when the detector was busy, disabled, gone or had no complete bucket to judge.
 */
export function runDetector(db: Kysely<Database>, target: DetectorTarget, now: Date): Promise<number | null> {
  return withTenant(db, { userId: null, organizationId: target.organizationId }, async (trx) => {
    const row = await trx
      .selectFrom("timeseries.anomaly_detectors")
      .selectAll()
      .where("organization_id", "=", target.organizationId)
      .where("id", "=", target.id)
      .where("enabled", "=", true)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return null;
    const detector = readDetectorRow(row);
    const range = judgedRange({
      checkedUntil: detector.checkedUntil,
      bucketSeconds: detector.bucketSeconds,
      historyBuckets: historyBucketsOf(detector.settings),
      now,
    });
    if (!range) return null;
    const reader: MetricsReader = { db, organizationId: detector.organizationId, tenant: (work) => work(trx) };
    const points = await readDetectorSeries(reader, detector, range.readFrom, range.judgeTo);
    const grid = bucketGrid(range.readFrom.getTime(), range.judgeTo.getTime(), detector.bucketSeconds * 1_000);
    const feed = detectorFeed(points, grid, detector.aggregate, detector.settings.method);
    const found = judgeSeries(detector.settings, feed, range.judgeFrom.getTime());
    await recordAnomalies(trx, detector, found);
    await trx
      .updateTable("timeseries.anomaly_detectors")
      .set({ checked_until: range.judgeTo })
      .where("organization_id", "=", detector.organizationId)
      .where("id", "=", detector.id)
      .execute();
    return found.length;
  });
}
