import { randomBytes } from "node:crypto";
import { loadConfig, platformEnvSchema, toolingEnvSchema } from "@cauldron/config";
import { createDatabase, migrateUp, type Database } from "@cauldron/db";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partitionUpkeepJob } from "./partition-upkeep-job";

/*
 * Partition upkeep only has work where the time-series tables are natively partitioned, so this
 * file builds a database without timescaledb (even where the server has it), as the migrations'
 * own native test does, and runs the job as the services' role.
 */

const EXTENSIONS_WITHOUT_TIMESCALEDB = ["uuid-ossp", "pgcrypto", "pg_trgm", "vector", "postgis", "pgrouting"];
const DAY_MS = 24 * 60 * 60 * 1000;
// Same naming as the harness's test databases, so a crashed run's leftover gets dropped by it.
const name = `test_${Date.now().toString(36)}_${randomBytes(5).toString("hex")}`;
let ownerDb: Kysely<Database>;
let appDb: Kysely<Database>;

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

const utcDay = (date: Date) => date.toISOString().slice(0, 10).replaceAll("-", "");

async function partitionsOf(table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname::text as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = ${table}::regclass
  `.execute(appDb);
  return rows.map((row) => row.name);
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
});

afterAll(async () => {
  await Promise.all([ownerDb?.destroy(), appDb?.destroy()]);
  await asAdmin("postgres", [`drop database if exists "${name}" with (force)`]);
});

describe("partition upkeep job", () => {
  it("creates daily partitions ahead for every partitioned time-series table, as the services' role", async () => {
    const farDay = `p${utcDay(new Date(Date.now() + 12 * DAY_MS))}`;
    expect((await partitionsOf("timeseries.events")).filter((partition) => partition.endsWith(farDay))).toEqual([]);

    const job = partitionUpkeepJob({ daysAhead: 12 });
    await job.run({
      db: appDb,
      logger: pino({ level: "silent" }),
      signal: new AbortController().signal,
      instanceId: "test",
    });

    for (const table of ["events", "system_metrics", "business_metrics", "alerts"]) {
      expect(await partitionsOf(`timeseries.${table}`)).toContain(`${table}_${farDay}`);
    }
  });

  it("leaves the DDL to the owner's definer function: the services' role cannot create a partition itself", async () => {
    await expect(
      sql`create table timeseries.events_rogue partition of timeseries.events for values from ('2001-01-01') to ('2001-01-02')`.execute(
        appDb,
      ),
    ).rejects.toThrow(/permission denied|must be owner/);
  });
});
