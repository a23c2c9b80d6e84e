import { randomBytes } from "node:crypto";
import { loadConfig, platformEnvSchema, toolingEnvSchema } from "@cauldron/config";
import { createAlertRuleInputSchema } from "@cauldron/contracts";
import { createDatabase, migrateUp, withSystem, withTenant, type Database } from "@cauldron/db";
import { recordChange } from "@cauldron/rpc";
import type { Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partitioningModeOf } from "../../metrics/bucket-function";
import { writeMetrics } from "../../metrics/write-metrics";
import { acknowledgeAlert } from "../acknowledge-alert";
import { listAlerts } from "../alert-queries";
import type { AlertsWriter } from "../alerts-caller";
import { createAlertRule } from "../rules/create-alert-rule";
import { evaluateDueRules } from "./evaluate-due-rules";

/*
 * Where timescaledb is absent, alerts live in natively partitioned tables. This file builds such a
 * database (even where the server has timescaledb), as the migrations' own native test does, and
 * takes a rule through its lifecycle there as the services' role.
 */

const EXTENSIONS_WITHOUT_TIMESCALEDB = ["uuid-ossp", "pgcrypto", "pg_trgm", "vector", "postgis", "pgrouting"];
// Same naming as the harness's test databases, so a crashed run's leftover gets dropped by it.
const name = `test_${Date.now().toString(36)}_${randomBytes(5).toString("hex")}`;
let ownerDb: Kysely<Database>;
let appDb: Kysely<Database>;
let writer: AlertsWriter;

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
  const request = { principal: null, requestId: "native-alerts", ip: null, userAgent: null };
  writer = {
    organizationId,
    actorUserId: userId,
    tenant: (work) => withTenant(appDb, { userId, organizationId }, work),
    record: (trx, change) => recordChange(trx, request, { ...change, organizationId }),
  };
});

afterAll(async () => {
  await Promise.all([ownerDb?.destroy(), appDb?.destroy()]);
  await asAdmin("postgres", [`drop database if exists "${name}" with (force)`]);
});

describe("alerts on natively partitioned tables", () => {
  it("fires, is acknowledged and resolves like on hypertables", async () => {
    expect(await partitioningModeOf(appDb)).toBe("native");
    const rule = await createAlertRule(
      writer,
      createAlertRuleInputSchema.parse({
        name: "Native spike",
        metric: "native.load",
        aggregate: "max",
        window: "1 minute",
        condition: ">=",
        threshold: 5,
        evaluateEvery: "10 seconds",
      }),
    );
    const base = Date.now() + 1_000;
    await writeMetrics(writer, {
      kind: "business",
      points: [{ metric: "native.load", time: new Date(base - 5_000), value: 9 }],
    });
    expect(await evaluateDueRules(appDb, { now: new Date(base) })).toMatchObject({ evaluated: 1, fired: 1 });

    const page = () => writer.tenant((trx) => listAlerts(trx, { limit: 10, ruleId: rule.id }));
    const [raised] = (await page()).items;
    expect(await acknowledgeAlert(writer, raised?.id ?? "")).toMatchObject({ status: "acknowledged" });

    expect(await evaluateDueRules(appDb, { now: new Date(base + 90_000) })).toMatchObject({ resolved: 1 });
    expect((await page()).items).toMatchObject([
      { id: raised?.id, status: "resolved", resolvedAt: new Date(base + 90_000) },
    ]);
  });
});
