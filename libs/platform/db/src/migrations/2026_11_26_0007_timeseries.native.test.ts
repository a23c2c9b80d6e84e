import { randomBytes } from "node:crypto";
import { loadConfig, platformEnvSchema, toolingEnvSchema } from "@cauldron/config";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDown, migrateUp } from "../migrator";
import { MIGRATIONS } from "./index";
import { createDatabase } from "../pool";
import type { Database } from "../schema/database.generated";
import { createTenant, type TenantFixture } from "../tenancy/fixtures/core";
import { withSystem, withTenant } from "../tenant";

/*
 * The same migrations on a database without timescaledb (even where the server has it): the
 * time-series tables must come out natively range-partitioned. Builds its own database from
 * scratch instead of cloning the template, whose mode depends on the machine.
 */

const EXTENSIONS_WITHOUT_TIMESCALEDB = ["uuid-ossp", "pgcrypto", "pg_trgm", "vector", "postgis", "pgrouting"];
const DAY_MS = 24 * 60 * 60 * 1000;

// Same naming as the harness's test databases, so a crashed run's leftover gets dropped by it.
const name = `test_${Date.now().toString(36)}_native_${randomBytes(4).toString("hex")}`;
let ownerDb: Kysely<Database>;
let appDb: Kysely<Database>;
let tenantA: TenantFixture;
let tenantB: TenantFixture;

function urlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function asAdmin(database: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(loadConfig(toolingEnvSchema).DATABASE_ADMIN_URL, database) });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll("-", "");
}

// Rows of every tenant: the owner sees none of them without switching to the system role.
async function partitionOf(table: string, time: Date): Promise<string> {
  const { rows } = await withSystem(ownerDb, (trx) =>
    sql<{ partition: string }>`
      select tableoid::regclass::text as partition from ${sql.table(table)} where time = ${time}
    `.execute(trx),
  );
  return rows.map((row) => row.partition).join(",");
}

function ensurePartitions(table: string, from: Date, to: Date): Promise<number> {
  return withSystem(appDb, async (trx) => {
    const { rows } = await sql<{ created: number }>`
      select timeseries.ensure_partitions(${table}::regclass, ${from}, ${to}) as created
    `.execute(trx);
    return rows[0]!.created;
  });
}

beforeAll(async () => {
  await asAdmin("postgres", (admin) =>
    admin.query(`create database "${name}" owner cauldron_owner`).then(() => undefined),
  );
  await asAdmin(name, async (admin) => {
    for (const extension of EXTENSIONS_WITHOUT_TIMESCALEDB) await admin.query(`create extension "${extension}"`);
  });
  ownerDb = createDatabase({ url: urlFor(loadConfig(toolingEnvSchema).DATABASE_OWNER_URL, name), poolMax: 2 });
  appDb = createDatabase({ url: urlFor(loadConfig(platformEnvSchema).DATABASE_URL, name), poolMax: 2 });
  await migrateUp(ownerDb);
  [tenantA, tenantB] = await withSystem(appDb, async (trx) => [
    await createTenant(trx, "native-a"),
    await createTenant(trx, "native-b"),
  ]);
});

afterAll(async () => {
  await Promise.all([ownerDb?.destroy(), appDb?.destroy()]);
  await asAdmin("postgres", (admin) =>
    admin.query(`drop database if exists "${name}" with (force)`).then(() => undefined),
  );
});

describe("time-series tables without timescaledb", () => {
  it("records native partitioning and gives each table a default partition and daily partitions around now", async () => {
    const { rows } = await sql<{ mode: string; partitions: string[] }>`
      select timeseries.partitioning_mode() as mode,
             array(select c.relname::text from pg_inherits i join pg_class c on c.oid = i.inhrelid
                   where i.inhparent = 'timeseries.events'::regclass order by 1) as partitions
    `.execute(ownerDb);
    expect(rows[0]!.mode).toBe("native");
    expect(rows[0]!.partitions).toContain("events_default");
    for (const offset of [-1, 0, 1, 7]) {
      expect(rows[0]!.partitions).toContain(`events_p${utcDay(new Date(Date.now() + offset * DAY_MS))}`);
    }
  });

  it("routes rows to their day's partition, and to the default partition before that day has one", async () => {
    const today = new Date();
    const inTwoDays = new Date(Date.now() + 2 * DAY_MS);
    const longAgo = new Date("2020-01-15T23:30:00Z");
    await withSystem(appDb, (trx) =>
      trx
        .insertInto("timeseries.business_metrics")
        .values(
          [today, inTwoDays, longAgo].map((time) => ({
            time,
            organization_id: tenantA.organizationId,
            metric_name: "revenue",
            metric_value: 1,
          })),
        )
        .execute(),
    );
    expect(await partitionOf("timeseries.business_metrics", today)).toBe(
      `timeseries.business_metrics_p${utcDay(today)}`,
    );
    expect(await partitionOf("timeseries.business_metrics", inTwoDays)).toBe(
      `timeseries.business_metrics_p${utcDay(inTwoDays)}`,
    );
    expect(await partitionOf("timeseries.business_metrics", longAgo)).toBe("timeseries.business_metrics_default");
  });

  it("moves waiting rows out of the default partition into a new day's partition, idempotently", async () => {
    const longAgo = new Date("2020-01-15T23:30:00Z");
    const created = await ensurePartitions("timeseries.business_metrics", new Date("2020-01-15T12:00:00Z"), longAgo);
    expect(created).toBe(1);
    expect(await partitionOf("timeseries.business_metrics", longAgo)).toBe("timeseries.business_metrics_p20200115");
    expect(await ensurePartitions("timeseries.business_metrics", new Date("2020-01-15T00:00:00Z"), longAgo)).toBe(0);
    // bounds are whole UTC days: the next instant after the day belongs to the next partition
    expect(
      await ensurePartitions(
        "timeseries.business_metrics",
        new Date("2020-01-16T00:00:00Z"),
        new Date("2020-01-16T00:00:00Z"),
      ),
    ).toBe(1);
  });

  it("refuses to partition a table outside the timeseries schema, or one not partitioned by time", async () => {
    await expect(ensurePartitions("public.organizations", new Date(), new Date())).rejects.toThrow(
      /not a time-series table/,
    );
    await expect(ensurePartitions("timeseries.forecast_models", new Date(), new Date())).rejects.toThrow(
      /not partitioned by time/,
    );
  });

  it("confines tenants through the parent and gives the app role no access to partitions", async () => {
    const time = new Date();
    await withSystem(appDb, (trx) =>
      trx
        .insertInto("timeseries.events")
        .values(
          [tenantA, tenantB].map((tenant) => ({
            time,
            organization_id: tenant.organizationId,
            event_type: "document.created",
            source: "lore",
          })),
        )
        .execute(),
    );
    const seen = await withTenant(appDb, tenantA, (trx) =>
      trx.selectFrom("timeseries.events").select("organization_id").execute(),
    );
    expect(seen).toEqual([{ organization_id: tenantA.organizationId }]);
    for (const partition of [`timeseries.events_p${utcDay(time)}`, "timeseries.events_default"]) {
      await expect(sql`select count(*) from ${sql.table(partition)}`.execute(appDb)).rejects.toThrow(
        /permission denied/,
      );
    }
  });

  it("reverts every migration from lore on, leaving nothing of lore, vector or timeseries, and reapplies them", async () => {
    const names = Object.keys(MIGRATIONS);
    const fromLore = names.length - names.indexOf("2026_11_26_0004_lore");
    await migrateDown(ownerDb, { steps: fromLore });
    const { rows } = await sql<{ objects: number }>`
      select (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname in ('lore', 'vector', 'timeseries'))
           + (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where n.nspname in ('lore', 'vector', 'timeseries'))
           + (select count(*) from pg_namespace where nspname = 'timeseries_chunks') as objects
    `.execute(ownerDb);
    expect(Number(rows[0]!.objects)).toBe(0);
    expect(await migrateUp(ownerDb)).toEqual(names.slice(-fromLore));
  });
});
