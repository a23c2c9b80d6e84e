import { queryMetricsInputSchema, writeMetricsInputSchema } from "@cauldron/contracts";
import { withTenant, type Database } from "@cauldron/db";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rollUpPending } from "../rollups/roll-up-pending";
import { createBareOrganization } from "../testing/bare-organization";
import { compareWithRaw, writeWithLateArrivals, type RollupScenarioDriver } from "../rollups/rollup-test-scenario";
import { partitioningModeOf } from "./bucket-function";
import { queryMetrics, type MetricsReader } from "./query-metrics";
import { writeMetrics } from "./write-metrics";

/*
 * Where timescaledb is absent the time-series tables are natively partitioned and buckets come from
 * date_bin. This file clones the template built without timescaledb and reads, writes and rolls it
 * up as the services' role.
 */

let database: TestDatabase;
let appDb: Kysely<Database>;
let reader: MetricsReader;

beforeAll(async () => {
  database = await createTestDatabase({ partitioning: "native" });
  appDb = database.db;
  const { userId, organizationId } = await createBareOrganization(appDb);
  reader = { db: appDb, organizationId, tenant: (work) => withTenant(appDb, { userId, organizationId }, work) };
});

afterAll(async () => {
  await database?.destroy();
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
