import { randomBytes } from "node:crypto";
import { withSystem, type Database } from "@cauldron/db";
import { type Kysely, sql } from "kysely";

/*
 * Rows on chosen days in the tables retention acts on, written and read as the system role. For
 * tests only.
 */

const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The tables the retention tests fill. */
export type RetainedTable = "business_metrics" | "metric_rollups_1m" | "system_metrics";

/**
 * A horizon `daysBack` days ago at about 11:00-12:00 UTC, so it cuts well inside its day whatever
 * the time now: `hours` is the keep_for that puts it there, `times` are a row on a whole day before
 * it and rows before and after it on the day it cuts, `partitionFrom` is where old days start.
 */
export function middayHorizon(daysBack: number) {
  const now = Date.now();
  const day = Math.floor((now - daysBack * DAY_MS) / DAY_MS) * DAY_MS;
  const at = (offsetMs: number) => new Date(day + offsetMs);
  return {
    hours: Math.ceil((now - (day + 12 * HOUR_MS)) / HOUR_MS),
    times: { expired: at(-2 * DAY_MS + 12 * HOUR_MS), cutBefore: at(2 * HOUR_MS), cutAfter: at(20 * HOUR_MS) },
    partitionFrom: new Date(day - 3 * DAY_MS),
  };
}

/** A new organization (with its creator) to own the rows. */
export function createOrganization(db: Kysely<Database>): Promise<string> {
  return withSystem(db, async (trx) => {
    const suffix = randomBytes(4).toString("hex");
    const user = await trx
      .insertInto("users")
      .values({ email: `retention-${suffix}@example.test`, display_name: "Retention", email_verified_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const organization = await trx
      .insertInto("organizations")
      .values({ name: `Retention ${suffix}`, slug: `retention-${suffix}`, created_by: user.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    return organization.id;
  });
}

/** Daily partitions from `from` to `to` where the tables are natively partitioned; a no-op on hypertables. */
export async function ensurePartitions(db: Kysely<Database>, table: RetainedTable, from: Date, to: Date) {
  await withSystem(db, (trx) =>
    sql`select timeseries.ensure_partitions(${`timeseries.${table}`}::regclass, ${from}, ${to})`.execute(trx),
  );
}

/** One business metric point, one 1-minute rollup row and one system metric row at each of their times. */
export async function insertRowsAt(
  db: Kysely<Database>,
  organizationId: string,
  times: Record<RetainedTable, Date[]>,
): Promise<void> {
  const tenant = { organization_id: organizationId, metric_name: "orders" };
  await withSystem(db, async (trx) => {
    await trx
      .insertInto("timeseries.business_metrics")
      .values(times.business_metrics.map((time) => ({ ...tenant, time, metric_value: 1 })))
      .execute();
    const one = { sample_count: 1, value_sum: 1, value_min: 1, value_max: 1, first_value: 1, last_value: 1 };
    await trx
      .insertInto("timeseries.metric_rollups_1m")
      .values(
        times.metric_rollups_1m.map((time) => ({
          ...tenant,
          ...one,
          kind: "business",
          time,
          first_time: time,
          last_time: time,
        })),
      )
      .execute();
    await trx
      .insertInto("timeseries.system_metrics")
      .values(times.system_metrics.map((time) => ({ time, host: "auth", metric_name: "up", metric_value: 1 })))
      .execute();
  });
}

/** The times of a table's rows, oldest first, as ISO strings. */
export async function timesIn(db: Kysely<Database>, table: RetainedTable): Promise<string[]> {
  const rows = await withSystem(db, (trx) =>
    trx.selectFrom(`timeseries.${table}`).select("time").orderBy("time").execute(),
  );
  return rows.map((row) => row.time.toISOString());
}
