import type { TestOrganization } from "@cauldron/testing";
import { withTenant } from "@cauldron/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";

let kit: TelemetryTestKit;
let first: TestOrganization;
let second: TestOrganization;

const range = { from: new Date("2026-02-02T00:00:00Z"), to: new Date("2026-02-03T00:00:00Z") };
const time = new Date("2026-02-02T08:00:00Z");

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  first = await kit.createOrganization("first");
  second = await kit.createOrganization("second");
  await kit.ownerOf(first).telemetry.metrics.write.mutate({ points: [{ metric: "revenue", time, value: 100 }] });
  await kit.ownerOf(second).telemetry.metrics.write.mutate({ points: [{ metric: "revenue", time, value: 7 }] });
});

afterAll(async () => {
  await kit?.close();
});

const sumOf = async (organization: TestOrganization) => {
  const { series } = await kit.ownerOf(organization).telemetry.metrics.query.query({
    metric: "revenue",
    ...range,
    bucket: "1 day",
    aggregate: "sum",
  });
  return series.map((one) => one.points.map((point) => point.value));
};

describe("metrics of two organizations", () => {
  it("each organization reads only its own points", async () => {
    expect(await sumOf(first)).toEqual([[100]]);
    expect(await sumOf(second)).toEqual([[7]]);
    expect((await kit.ownerOf(second).telemetry.metrics.list.query(range)).metrics).toEqual([
      { name: "revenue", points: 1 },
    ]);
  });

  it("the owner of one is refused in the other", async () => {
    const intruder = kit.as(second.owner, first.id).telemetry.metrics;
    await expect(
      intruder.query.query({ metric: "revenue", ...range, bucket: "1 day", aggregate: "sum" }),
    ).rejects.toThrow(/not a member/);
    await expect(intruder.write.mutate({ points: [{ metric: "revenue", time, value: 1 }] })).rejects.toThrow(
      /not a member/,
    );
  });

  it("row-level security confines reads and refuses rows for another organization", async () => {
    const asSecond = { userId: second.owner.id, organizationId: second.id };
    const seen = await withTenant(kit.database.db, asSecond, (trx) =>
      trx.selectFrom("timeseries.business_metrics").select("organization_id").execute(),
    );
    expect(seen).toEqual([{ organization_id: second.id }]);
    await expect(
      withTenant(kit.database.db, asSecond, (trx) =>
        trx
          .insertInto("timeseries.business_metrics")
          .values({ organization_id: first.id, metric_name: "revenue", metric_value: 1, time })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
