import { withTenant } from "@cauldron/db";
import type { TestOrganization } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertBusinessPoints } from "../metrics/metric-writes";
import { startTelemetryTestKit, type TelemetryTestKit } from "../testing";
import { rollUpPending } from "./roll-up-pending";

let kit: TelemetryTestKit;
let org: TestOrganization;
const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 4, 4, 8, minute, second));

async function pendingMinutes() {
  const { rows } = await sql<{ metric: string; minute: string }>`
    select metric_name as metric, to_char(minute at time zone 'UTC', 'HH24:MI') as minute
    from timeseries.rollup_pending where organization_id = ${org.id}::uuid order by 1, 2
  `.execute(kit.database.ownerDb);
  return rows.map((row) => `${row.metric} ${row.minute}`);
}

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("pending");
});

afterAll(async () => {
  await kit?.close();
});

describe("pending minutes", () => {
  it("lists each minute a write touches once per metric, however many points it holds", async () => {
    const client = kit.ownerOf(org).telemetry.metrics;
    await client.write.mutate({
      points: [
        { metric: "visits", time: at(1, 5), value: 1 },
        { metric: "visits", time: at(1, 59), value: 1 },
        { metric: "visits", time: at(2, 0), value: 1 },
        { metric: "signups", time: at(1, 30), value: 1 },
      ],
    });
    await client.write.mutate({ points: [{ metric: "visits", time: at(2, 30), value: 1 }] });
    expect(await pendingMinutes()).toEqual(["signups 08:01", "visits 08:01", "visits 08:02"]);
    await rollUpPending(kit.database.db);
    expect(await pendingMinutes()).toEqual([]);
  });

  it("keeps a minute written again as it was: first touched, and no new version of its row", async () => {
    const client = kit.ownerOf(org).telemetry.metrics;
    const pendingRow = async () => {
      const { rows } = await sql<{ version: string; touchedAt: Date }>`
        select ctid::text as version, touched_at as "touchedAt" from timeseries.rollup_pending
        where organization_id = ${org.id}::uuid and metric_name = 'refunds'
      `.execute(kit.database.ownerDb);
      return rows;
    };
    try {
      await client.write.mutate({ points: [{ metric: "refunds", time: at(20, 1), value: 1 }] });
      const first = await pendingRow();
      await client.write.mutate({ points: [{ metric: "refunds", time: at(20, 40), value: 1 }] });
      expect(first).toHaveLength(1);
      expect(await pendingRow()).toEqual(first);
    } finally {
      await rollUpPending(kit.database.db);
    }
  });

  it("leaves a minute whose writer has not committed for a later run, which then counts the writer's points", async () => {
    const client = kit.ownerOf(org).telemetry.metrics;
    await client.write.mutate({ points: [{ metric: "orders", time: at(10, 1), value: 1 }] });
    let inserted!: () => void;
    let commit!: () => void;
    const insertedGate = new Promise<void>((resolve) => (inserted = resolve));
    const commitGate = new Promise<void>((resolve) => (commit = resolve));
    const writer = withTenant(kit.database.db, { userId: org.owner.id, organizationId: org.id }, async (trx) => {
      await insertBusinessPoints(trx, org.id, [{ metric: "orders", time: at(10, 2), value: 2, dimensions: {} }]);
      inserted();
      await commitGate;
    });
    await insertedGate;
    const whileWriting = await rollUpPending(kit.database.db).finally(commit);
    await writer;
    expect(whileWriting).toMatchObject({ minutes: 0 });
    expect(await rollUpPending(kit.database.db)).toMatchObject({ minutes: 1, hours: 1, days: 1 });
    const { series } = await client.query.query({
      metric: "orders",
      from: at(0),
      to: at(60),
      bucket: "1 hour",
      aggregate: "sum",
    });
    expect(series[0]?.points.map((point) => point.value)).toEqual([3]);
    const { rows } = await sql<{ sum: number }>`
      select value_sum as sum from timeseries.metric_rollups_1m where organization_id = ${org.id}::uuid and metric_name = 'orders'
    `.execute(kit.database.ownerDb);
    expect(rows).toEqual([{ sum: 3 }]);
  });
});
