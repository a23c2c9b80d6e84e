import { withSystem, type Database } from "@cauldron/db";
import { createTestDatabase } from "@cauldron/testing";
import { type Kysely, sql } from "kysely";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retentionJobOptions } from "./retention-config";
import { retentionJob } from "./retention-job";
import { RETENTION_TABLES } from "./retention-overrides";
import {
  createOrganization,
  DAY_MS,
  ensurePartitions,
  insertRowsAt,
  middayHorizon,
  timesIn,
} from "./retention-test-rows";

/*
 * The same story on both partitioning modes: rows on old days and recent days, a horizon set by
 * TELEMETRY_RETENTION in the middle of a day, then one run. Whole days past the horizon are gone;
 * the day the horizon cuts through keeps every row, even those older than the horizon, since
 * retention drops chunks or partitions and never deletes rows. Native partitions for the old days
 * are made ahead by timeseries.ensure_partitions; TimescaleDB makes chunks as rows arrive.
 */

const MODES = [
  { mode: "hypertable", open: () => createTestDatabase() },
  { mode: "native", open: () => createTestDatabase({ partitioning: "native" }) },
] as const;

describe.each(MODES)("retention on $mode tables", ({ mode, open }) => {
  let database: { db: Kysely<Database>; destroy(): Promise<void> };
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database?.destroy());

  it("drops whole days past each horizon, keeps the cut day and recent rows whole, and keeps 'forever' tables", async ({
    skip,
  }) => {
    const { db } = database;
    const { rows } = await sql<{ mode: string }>`select timeseries.partitioning_mode() as mode`.execute(db);
    if (rows[0]?.mode !== mode) skip(`the test template was migrated without timescaledb`);
    const organizationId = await createOrganization(db);
    const business = middayHorizon(10);
    const rollups = middayHorizon(5);
    const recent = new Date(Date.now() - 60_000);
    const ancient = new Date(Math.floor(Date.now() / DAY_MS - 40) * DAY_MS + DAY_MS / 2);
    const tomorrow = new Date(Date.now() + DAY_MS);
    await ensurePartitions(db, "business_metrics", business.partitionFrom, tomorrow);
    await ensurePartitions(db, "metric_rollups_1m", rollups.partitionFrom, tomorrow);
    await ensurePartitions(db, "system_metrics", ancient, ancient);
    const businessTimes = [...Object.values(business.times), recent];
    const rollupTimes = [...Object.values(rollups.times), recent];
    await insertRowsAt(db, organizationId, {
      business_metrics: businessTimes,
      metric_rollups_1m: rollupTimes,
      system_metrics: [ancient],
    });

    const options = retentionJobOptions({
      TELEMETRY_RETENTION: `business_metrics=${business.hours}h,metric_rollups_1m=${rollups.hours}h,system_metrics=forever`,
    });
    const lines: { msg: string; dropped?: Record<string, number>; policiesUpdated?: string[] }[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const run = () =>
      retentionJob(options).run({
        db,
        logger,
        signal: new AbortController().signal,
        instanceId: "test",
      });
    await run();

    const kept = (times: Date[]) => times.map((time) => time.toISOString());
    expect(await timesIn(db, "business_metrics")).toEqual(kept(businessTimes.slice(1)));
    expect(await timesIn(db, "metric_rollups_1m")).toEqual(kept(rollupTimes.slice(1)));
    expect(await timesIn(db, "system_metrics")).toEqual(kept([ancient]));

    const policies = await withSystem(db, (trx) =>
      trx
        .selectFrom("timeseries.retention_policies")
        .select(["table_name", sql<number | null>`extract(epoch from keep_for)::float8`.as("seconds")])
        .where("table_name", "in", ["business_metrics", "metric_rollups_1m", "system_metrics"])
        .orderBy("table_name")
        .execute(),
    );
    expect(policies).toEqual([
      { table_name: "business_metrics", seconds: business.hours * 3_600 },
      { table_name: "metric_rollups_1m", seconds: rollups.hours * 3_600 },
      { table_name: "system_metrics", seconds: null },
    ]);

    const [first] = lines;
    expect(first?.msg).toBe("enforced time-series retention");
    expect(first?.dropped?.business_metrics).toBeGreaterThan(0);
    expect(first?.dropped?.metric_rollups_1m).toBeGreaterThan(0);
    expect(first?.policiesUpdated?.sort()).toEqual(["business_metrics", "metric_rollups_1m", "system_metrics"]);

    await run();
    expect(lines[1]).toMatchObject({ dropped: {}, policiesUpdated: [] });
    expect(await timesIn(db, "business_metrics")).toEqual(kept(businessTimes.slice(1)));
  });

  it("accepts overrides for exactly the tables that have a policy", async () => {
    const rows = await withSystem(database.db, (trx) =>
      trx.selectFrom("timeseries.retention_policies").select("table_name").execute(),
    );
    expect(rows.map((row) => row.table_name).sort()).toEqual([...RETENTION_TABLES].sort());
  });

  it("leaves dropping to the owner's definer function: the services' role cannot call it", async () => {
    await expect(
      sql`select timeseries.drop_partitions_before('timeseries.business_metrics'::regclass, now())`.execute(
        database.db,
      ),
    ).rejects.toThrow(/permission denied/);
  });
});
