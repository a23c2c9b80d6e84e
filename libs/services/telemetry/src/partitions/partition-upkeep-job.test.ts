import { withSystem } from "@cauldron/db";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retentionJobOptions } from "../retention/retention-config";
import { retentionJob } from "../retention/retention-job";
import { createOrganization } from "../retention/retention-test-rows";
import { partitionUpkeepJob } from "./partition-upkeep-job";
import { PARTITIONED_TIME_SERIES_TABLES } from "./waiting-days";

/*
 * Partition upkeep only has work where the time-series tables are natively partitioned, so this
 * file clones the template built without timescaledb and runs the job as the services' role.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
let database: TestDatabase;

const utcDay = (date: Date) => date.toISOString().slice(0, 10).replaceAll("-", "");

async function partitionsOf(table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname::text as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = ${table}::regclass
  `.execute(database.db);
  return rows.map((row) => row.name);
}

const runContext = () => ({
  db: database.db,
  logger: pino({ level: "silent" }),
  signal: new AbortController().signal,
  instanceId: "test",
});

/** The partition a business metric point at `time` sits in. */
async function partitionHolding(organizationId: string, time: Date): Promise<string[]> {
  const rows = await withSystem(database.db, (trx) =>
    trx
      .selectFrom("timeseries.business_metrics")
      .select(sql<string>`tableoid::regclass::text`.as("partition"))
      .where("organization_id", "=", organizationId)
      .where("time", "=", time)
      .execute(),
  );
  return rows.map((row) => row.partition);
}

async function insertPoint(organizationId: string, time: Date): Promise<void> {
  await withSystem(database.db, (trx) =>
    trx
      .insertInto("timeseries.business_metrics")
      .values({ organization_id: organizationId, metric_name: "backfill", metric_value: 1, time })
      .execute(),
  );
}

beforeAll(async () => {
  database = await createTestDatabase({ partitioning: "native" });
});

afterAll(async () => {
  await database?.destroy();
});

describe("partition upkeep job", () => {
  it("creates daily partitions ahead for every partitioned time-series table, as the services' role", async () => {
    const farDay = `p${utcDay(new Date(Date.now() + 12 * DAY_MS))}`;
    expect((await partitionsOf("timeseries.events")).filter((partition) => partition.endsWith(farDay))).toEqual([]);

    const job = partitionUpkeepJob({ daysAhead: 12 });
    await job.run({
      db: database.db,
      logger: pino({ level: "silent" }),
      signal: new AbortController().signal,
      instanceId: "test",
    });

    for (const table of ["events", "system_metrics", "business_metrics", "alerts"]) {
      expect(await partitionsOf(`timeseries.${table}`)).toContain(`${table}_${farDay}`);
    }
  });

  it("knows every natively partitioned time-series table the catalog lists", async () => {
    const { rows } = await sql<{ table: string }>`
      select c.oid::regclass::text as "table" from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'timeseries' and c.relkind = 'p' and not c.relispartition order by 1
    `.execute(database.db);
    expect(rows.map((row) => row.table)).toEqual([...PARTITIONED_TIME_SERIES_TABLES].sort());
  });

  it("gives a backfilled day and a day it missed partitions of their own, so retention drops them whole", async () => {
    const organizationId = await createOrganization(database.db);
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const backfilled = new Date(today - 400 * DAY_MS + 3_600_000);
    const missed = new Date(today - 5 * DAY_MS + 7_200_000);
    // Partitions on either side of a day the upkeep job never made, as after it did not run.
    const ensure = (from: number, to: number) =>
      withSystem(database.db, (trx) =>
        sql`select timeseries.ensure_partitions('timeseries.business_metrics'::regclass, ${new Date(from)}::timestamptz, ${new Date(to)}::timestamptz)`.execute(
          trx,
        ),
      );
    await ensure(today - 8 * DAY_MS, today - 6 * DAY_MS);
    await ensure(today - 4 * DAY_MS, today);
    await insertPoint(organizationId, backfilled);
    await insertPoint(organizationId, missed);
    expect(await partitionHolding(organizationId, backfilled)).toEqual(["timeseries.business_metrics_default"]);
    expect(await partitionHolding(organizationId, missed)).toEqual(["timeseries.business_metrics_default"]);

    await partitionUpkeepJob().run(runContext());
    expect(await partitionHolding(organizationId, backfilled)).toEqual([
      `timeseries.business_metrics_p${utcDay(backfilled)}`,
    ]);
    expect(await partitionHolding(organizationId, missed)).toEqual([`timeseries.business_metrics_p${utcDay(missed)}`]);

    await retentionJob(retentionJobOptions({ TELEMETRY_RETENTION: "business_metrics=90d" })).run(runContext());
    expect(await partitionHolding(organizationId, backfilled)).toEqual([]);
    expect(await partitionHolding(organizationId, missed)).toHaveLength(1);
    expect(await partitionsOf("timeseries.business_metrics")).not.toContain(`business_metrics_p${utcDay(backfilled)}`);
  });

  it("leaves the DDL to the owner's definer function: the services' role cannot create a partition itself", async () => {
    await expect(
      sql`create table timeseries.events_rogue partition of timeseries.events for values from ('2001-01-01') to ('2001-01-02')`.execute(
        database.db,
      ),
    ).rejects.toThrow(/permission denied|must be owner/);
  });
});
