import { withTenant } from "@cauldron/db";
import type { TestOrganization } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryMetrics, type MetricsReader } from "../metrics/query-metrics";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";
import { rollUpPending } from "./roll-up-pending";
import { compareWithRaw, writeWithLateArrivals, type RollupScenarioDriver } from "./rollup-test-scenario";

let kit: TelemetryTestKit;
let org: TestOrganization;
let driver: RollupScenarioDriver;

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("rollups");
  const client = kit.ownerOf(org).telemetry.metrics;
  const db = kit.database.db;
  const reader: MetricsReader = {
    db,
    organizationId: org.id,
    tenant: (work) => withTenant(db, { userId: org.owner.id, organizationId: org.id }, work),
  };
  driver = {
    write: async (batch) => void (await client.write.mutate(batch)),
    // The procedure answers the way users get; the raw-only answer is the reference.
    query: (input, source) => (source === "raw" ? queryMetrics(reader, input, "raw") : client.query.query(input)),
    rollUp: async () => void (await rollUpPending(db, { batchSize: 500 })),
  };
  await writeWithLateArrivals(driver, 20_261_202);
});

afterAll(async () => {
  await kit?.close();
});

async function countOf(table: "rollup_pending" | "metric_rollups_1d"): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from ${sql.table(`timeseries.${table}`)} where organization_id = ${org.id}::uuid
  `.execute(kit.database.ownerDb);
  return rows[0]?.count ?? 0;
}

describe("rollup answers on TimescaleDB hypertables", () => {
  it("equal raw answers for every aggregate, bucket, group, filter and range while late points are pending", async () => {
    expect(await countOf("rollup_pending")).toBeGreaterThan(0);
    expect(await countOf("metric_rollups_1d")).toBeGreaterThan(0);
    const { queries, differences } = await compareWithRaw(driver);
    expect(queries).toBe(60);
    expect(differences).toEqual([]);
  });

  it("equal raw answers once every pending minute is rolled up", async () => {
    await driver.rollUp();
    expect(await countOf("rollup_pending")).toBe(0);
    expect((await compareWithRaw(driver)).differences).toEqual([]);
  });
});
