import type { TestOrganization } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";
import { rollUpPending } from "./roll-up-pending";

/*
 * Raw points are deleted here behind the service's back, as retention drops old partitions while
 * rollups stay: what the answers still show can then only have come from the rollups.
 */

let kit: TelemetryTestKit;
let first: TestOrganization;
let second: TestOrganization;
const day = { from: new Date("2026-04-06T00:00:00Z"), to: new Date("2026-04-07T00:00:00Z") };
const at = (hour: number, minute = 0) => new Date(Date.UTC(2026, 3, 6, hour, minute));

async function write(organization: TestOrganization, points: [Date, number][]) {
  await kit.ownerOf(organization).telemetry.metrics.write.mutate({
    points: points.map(([time, value]) => ({ metric: "revenue", time, value })),
  });
}

async function dropRawPoints(organization: TestOrganization) {
  await sql`delete from timeseries.business_metrics where organization_id = ${organization.id}::uuid`.execute(
    kit.database.ownerDb,
  );
}

async function hourlySums(organization: TestOrganization, bucket = "1 hour") {
  const { series } = await kit
    .ownerOf(organization)
    .telemetry.metrics.query.query({ metric: "revenue", ...day, bucket, aggregate: "sum" });
  return series.map((one) => one.points.map((point) => [point.time.toISOString().slice(11, 16), point.value]));
}

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  first = await kit.createOrganization("first");
  second = await kit.createOrganization("second");
  await write(first, [
    [at(9, 5), 10],
    [at(9, 40), 5],
    [at(11, 15), 7],
  ]);
  await write(second, [[at(9, 30), 1_000]]);
  await rollUpPending(kit.database.db);
  await dropRawPoints(first);
  await dropRawPoints(second);
});

afterAll(async () => {
  await kit?.close();
});

describe("metric queries over rollups", () => {
  it("answer settled hours from rollups once their raw points are gone", async () => {
    expect(await hourlySums(first)).toEqual([
      [
        ["09:00", 15],
        ["11:00", 7],
      ],
    ]);
    expect(await hourlySums(first, "1 day")).toEqual([[["00:00", 22]]]);
  });

  it("read raw points from the hour of the earliest pending minute on, until the job catches up", async () => {
    await write(first, [[at(10, 30), 2]]);
    expect(await hourlySums(first)).toEqual([
      [
        ["09:00", 15],
        ["10:00", 2],
      ],
    ]);
    await rollUpPending(kit.database.db);
    expect(await hourlySums(first)).toEqual([
      [
        ["09:00", 15],
        ["10:00", 2],
        ["11:00", 7],
      ],
    ]);
  });

  it("never answer one organization from another's rollups, nor hold it back by another's pending minutes", async () => {
    expect(await hourlySums(second)).toEqual([[["09:00", 1_000]]]);
    await write(second, [[at(1), 1]]);
    expect(await hourlySums(second)).toEqual([[["01:00", 1]]]);
    expect(await hourlySums(first, "1 day")).toEqual([[["00:00", 24]]]);
    const other = await kit.ownerOf(second).telemetry.metrics.query.query({
      metric: "revenue",
      ...day,
      bucket: "1 minute",
      aggregate: "count",
    });
    expect(other.series.flatMap((one) => one.points.map((point) => point.value))).toEqual([1]);
  });
});
