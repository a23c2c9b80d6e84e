import { withSystem } from "@cauldron/db";
import type { JobWorker } from "@cauldron/rpc";
import { dropExpiredPartitions } from "./drop-expired-partitions";
import type { RetentionOverride } from "./retention-overrides";
import { applyRetentionOverrides, listExpiringTables } from "./retention-policies";

/** The retention job's overrides (TELEMETRY_RETENTION), period and per-table timeouts. */
export interface RetentionJobOptions {
  overrides?: readonly RetentionOverride[];
  everyMs?: number;
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
}

/**
 * Enforces timeseries.retention_policies once per deployment per period: first writes the
 * environment's overrides into the policies (so what operators read in the table is what runs),
 * then, table by table, drops the chunks or daily partitions past each table's horizon. A table
 * that fails (a lock held too long) does not keep the others from their turn; the run then fails
 * naming it, and the next period tries again.
 */
export function retentionJob(options: RetentionJobOptions = {}): JobWorker {
  const timeouts = {
    statementTimeoutMs: options.statementTimeoutMs ?? 60_000,
    lockTimeoutMs: options.lockTimeoutMs ?? 5_000,
  };
  return {
    kind: "job",
    name: "telemetry.retention",
    everyMs: options.everyMs ?? 3_600_000,
    async run({ db, logger, signal }) {
      const { updated, tables } = await withSystem(db, async (trx) => ({
        updated: await applyRetentionOverrides(trx, options.overrides ?? []),
        tables: await listExpiringTables(trx),
      }));
      const dropped: Record<string, number> = {};
      const failed: string[] = [];
      for (const table of tables) {
        if (signal.aborted) break;
        try {
          const count = await dropExpiredPartitions(db, table, timeouts);
          if (count > 0) dropped[table] = count;
        } catch (error) {
          failed.push(table);
          logger.warn({ err: error, table }, "could not drop a time-series table's expired partitions");
        }
      }
      logger.info({ dropped, policiesUpdated: updated }, "enforced time-series retention");
      if (failed.length > 0) throw new Error(`retention failed for ${failed.join(", ")}; retried next period`);
    },
  };
}
