import { randomBytes } from "node:crypto";
import { loadConfig, platformEnvSchema, toolingEnvSchema } from "@cauldron/config";
import { queryMetricsInputSchema, writeMetricsInputSchema } from "@cauldron/contracts";
import { createDatabase, migrateUp, withSystem, withTenant, type Database } from "@cauldron/db";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollUpPending } from "../rollups/roll-up-pending";
import { compareWithRaw, writeWithLateArrivals, type RollupScenarioDriver } from "../rollups/rollup-test-scenario";
import { partitioningModeOf } from "./bucket-function";
import { queryMetrics, type MetricsReader } from "./query-metrics";
import { writeMetrics } from "./write-metrics";

/*
 * Where timescaledb is absent the time-series tables are natively partitioned and buckets come from
 * date_bin. This file builds such a database (even where the server has timescaledb), as the
 * migrations' own native test does, and reads, writes and rolls it up as the services' role.
 */

const EXTENSIONS_WITHOUT_TIMESCALEDB = ["uuid-ossp", "pgcrypto", "pg_trgm", "vector", "postgis", "pgrouting"];
// Same naming as the harness's test databases, so a crashed run's leftover gets dropped by it.
const name = `test_${Date.now().toString(36)}_${randomBytes(5).toString("hex")}`;
let ownerDb: Kysely<Database>;
let appDb: Kysely<Database>;
let reader: MetricsReader;

function urlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function asAdmin(database: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(loadConfig(toolingEnvSchema).DATABASE_ADMIN_URL, database) });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

async function createOrganization(db: Kysely<Database>): Promise<{ userId: string; organizationId: string }> {
  return withSystem(db, async (trx) => {
    const suffix = randomBytes(4).toString("hex");
    const user = await trx
      .insertInto("users")
      .values({ email: `native-${suffix}@example.test`, display_name: "Native", email_verified_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const organization = await trx
      .insertInto("organizations")
      .values({ name: `Native ${suffix}`, slug: `native-${suffix}`, created_by: user.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { userId: user.id, organizationId: organization.id };
  });
}

beforeAll(async () => {
  await asAdmin("postgres", [`create database "${name}" owner cauldron_owner`]);
  await asAdmin(
    name,
    EXTENSIONS_WITHOUT_TIMESCALEDB.map((extension) => `create extension "${extension}"`),
  );
  ownerDb = createDatabase({ url: urlFor(loadConfig(toolingEnvSchema).DATABASE_OWNER_URL, name), poolMax: 1 });
  appDb = createDatabase({ url: urlFor(loadConfig(platformEnvSchema).DATABASE_URL, name), poolMax: 2 });
  await migrateUp(ownerDb);
  const { userId, organizationId } = await createOrganization(appDb);
  reader = { db: appDb, organizationId, tenant: (work) => withTenant(appDb, { userId, organizationId }, work) };
});

afterAll(async () => {
  await Promise.all([ownerDb?.destroy(), appDb?.destroy()]);
  await asAdmin("postgres", [`drop database if exists "${name}" with (force)`]);
});

describe("metrics on natively partitioned tables", () => {
  it("writes points and buckets them with date_bin from the same origin as time_bucket", async () => {
    expect(await partitioningModeOf(appDb)).toBe("native");
    const points = [
      ["2026-02-02T10:05:00Z", 4],
      ["2026-02-02T10:40:00Z", 7],
      ["2026-02-02T12:10:00Z", 10],
      ["2026-02-04T08:00:00Z", 3],
    ] as const;
    await writeMetrics(reader, {
      kind: "business",
      points: points.map(([time, value]) => ({ metric: "orders.value", time: new Date(time), value })),
    });
    const query = (bucket: string, fill: string) =>
      queryMetrics(
        reader,
        queryMetricsInputSchema.parse({
          metric: "orders.value",
          from: new Date("2026-02-02T10:00:00Z"),
          to: new Date("2026-02-02T13:00:00Z"),
          bucket,
          aggregate: "sum",
          fill,
        }),
      );
    const hourly = await query("1 hour", "linear");
    expect(hourly.series[0]?.points.map((point) => point.value)).toEqual([11, 10.5, 10]);
    const weekly = await queryMetrics(
      reader,
      queryMetricsInputSchema.parse({
        metric: "orders.value",
        from: new Date("2026-02-01T00:00:00Z"),
        to: new Date("2026-02-15T00:00:00Z"),
        bucket: "1 week",
        aggregate: "p50",
      }),
    );
    expect(weekly.series[0]?.points).toEqual([{ time: new Date("2026-02-02T00:00:00Z"), value: 5.5 }]);
  });
});

describe("rollups on natively partitioned tables", () => {
  it("answer every aggregate, bucket, group, filter and range as raw points do, with late points pending", async () => {
    const driver: RollupScenarioDriver = {
      write: async (batch) => void (await writeMetrics(reader, writeMetricsInputSchema.parse(batch))),
      query: (input, source) => queryMetrics(reader, input, source),
      rollUp: async () => void (await rollUpPending(appDb, { batchSize: 500 })),
    };
    await writeWithLateArrivals(driver, 20_260_105);
    const { rows } = await reader.tenant((trx) =>
      sql<{ pending: number; days: number }>`
        select (select count(*)::int from timeseries.rollup_pending) as pending,
          (select count(*)::int from timeseries.metric_rollups_1d) as days
      `.execute(trx),
    );
    expect(rows[0]?.pending).toBeGreaterThan(0);
    expect(rows[0]?.days).toBeGreaterThan(0);
    expect((await compareWithRaw(driver)).differences).toEqual([]);
    await driver.rollUp();
    expect((await compareWithRaw(driver)).differences).toEqual([]);
  });
});
