import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, type TenantFixture } from "../tenancy/fixtures/core";
import { withSystem, withTenant } from "../tenant";

/*
 * The test template is migrated with timescaledb when the server has it, so these run in
 * hypertable mode there and are skipped elsewhere; 2026_11_26_0007_timeseries.native.test.ts
 * covers native partitioning on every machine.
 */

const TIME_SERIES_TABLES = [
  "agent_metrics",
  "alerts",
  "anomalies",
  "business_metrics",
  "events",
  "forecasts",
  "system_metrics",
  "user_activity",
];

let database: TestDatabase;
let tenant: TenantFixture;
let mode: string;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await withSystem(database.db, (trx) => createTenant(trx, "timeseries"));
  const { rows } = await sql<{ mode: string }>`select timeseries.partitioning_mode() as mode`.execute(database.db);
  mode = rows[0]!.mode;
});

afterAll(async () => {
  await database?.destroy();
});

describe("time-series tables in either partitioning mode", () => {
  it("lets a tenant update and delete its own rows with organization_id in the filter", async () => {
    const changed = await withTenant(database.db, tenant, async (trx) => {
      await trx
        .insertInto("timeseries.anomalies")
        .values({ organization_id: tenant.organizationId, metric_name: "latency", actual_value: 900 })
        .execute();
      const updated = await trx
        .updateTable("timeseries.anomalies")
        .set({ severity: "critical" })
        .where("organization_id", "=", tenant.organizationId)
        .executeTakeFirst();
      const deleted = await trx
        .deleteFrom("timeseries.anomalies")
        .where("organization_id", "=", tenant.organizationId)
        .where("severity", "=", "critical")
        .executeTakeFirst();
      return [updated.numUpdatedRows, deleted.numDeletedRows];
    });
    expect(changed).toEqual([1n, 1n]);
  });
});

describe("time-series tables with timescaledb", () => {
  it("makes every time-series table a hypertable on time with one-day chunks", async ({ skip }) => {
    if (mode !== "hypertable") skip("the test template was migrated without timescaledb");
    const { rows } = await sql<{ table: string; column: string; interval: string }>`
      select d.hypertable_name as table, d.column_name as column, d.time_interval::text as interval
      from timescaledb_information.dimensions d
      where d.hypertable_schema = 'timeseries' and d.hypertable_name = any(${[...TIME_SERIES_TABLES]})
      order by 1
    `.execute(database.ownerDb);
    expect(rows).toEqual(TIME_SERIES_TABLES.map((table) => ({ table, column: "time", interval: "1 day" })));
  });

  it("keeps chunks in a schema the app role cannot enter while it reads and writes through the hypertable", async ({
    skip,
  }) => {
    if (mode !== "hypertable") skip("the test template was migrated without timescaledb");
    await withTenant(database.db, tenant, (trx) =>
      trx
        .insertInto("timeseries.alerts")
        .values({ organization_id: tenant.organizationId, alert_type: "threshold", source: "test", title: "hot" })
        .execute(),
    );
    const seen = await withTenant(database.db, tenant, (trx) =>
      trx.selectFrom("timeseries.alerts").select("title").execute(),
    );
    expect(seen).toEqual([{ title: "hot" }]);

    const { rows } = await sql<{ chunk: string }>`
      select chunk::text as chunk from show_chunks('timeseries.alerts') as chunk
    `.execute(database.ownerDb);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.chunk).toMatch(/^timeseries_chunks\./);
    await expect(sql`select count(*) from ${sql.raw(rows[0]!.chunk)}`.execute(database.db)).rejects.toThrow(
      /permission denied for schema timeseries_chunks/,
    );
  });

  it("treats ensure_partitions as a no-op, since chunks appear as rows arrive", async ({ skip }) => {
    if (mode !== "hypertable") skip("the test template was migrated without timescaledb");
    const created = await withSystem(database.db, async (trx) => {
      const { rows } = await sql<{ created: number }>`
        select timeseries.ensure_partitions('timeseries.events', now(), now() + interval '30 days') as created
      `.execute(trx);
      return rows[0]!.created;
    });
    expect(created).toBe(0);
    await expect(
      withSystem(database.db, (trx) =>
        sql`select timeseries.ensure_partitions('timeseries.forecast_models', now(), now())`.execute(trx),
      ),
    ).rejects.toThrow(/not partitioned by time/);
  });
});
