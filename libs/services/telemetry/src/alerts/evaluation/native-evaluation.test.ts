import { createAlertRuleInputSchema } from "@cauldron/contracts";
import { withTenant } from "@cauldron/db";
import { recordChange } from "@cauldron/rpc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partitioningModeOf } from "../../metrics/bucket-function";
import { writeMetrics } from "../../metrics/write-metrics";
import { acknowledgeAlert } from "../acknowledge-alert";
import { listAlerts } from "../alert-queries";
import type { AlertsWriter } from "../alerts-caller";
import { createAlertRule } from "../rules/create-alert-rule";
import { evaluateDueRules } from "./evaluate-due-rules";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { createBareOrganization } from "../../testing/bare-organization";

/*
 * Where timescaledb is absent, alerts live in natively partitioned tables. This file clones the
 * template built without timescaledb and takes a rule through its lifecycle there as the
 * services' role.
 */

let database: TestDatabase;
let writer: AlertsWriter;

beforeAll(async () => {
  database = await createTestDatabase({ partitioning: "native" });
  const appDb = database.db;
  const { userId, organizationId } = await createBareOrganization(appDb);
  const request = { principal: null, requestId: "native-alerts", ip: null, userAgent: null };
  writer = {
    organizationId,
    actorUserId: userId,
    tenant: (work) => withTenant(appDb, { userId, organizationId }, work),
    record: (trx, change) => recordChange(trx, request, { ...change, organizationId }),
  };
});

afterAll(async () => {
  await database?.destroy();
});

describe("alerts on natively partitioned tables", () => {
  it("fires, is acknowledged and resolves like on hypertables", async () => {
    expect(await partitioningModeOf(database.db)).toBe("native");
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
    expect(await evaluateDueRules(database.db, { now: new Date(base) })).toMatchObject({ evaluated: 1, fired: 1 });

    const page = () => writer.tenant((trx) => listAlerts(trx, { limit: 10, ruleId: rule.id }));
    const [raised] = (await page()).items;
    expect(await acknowledgeAlert(writer, raised?.id ?? "")).toMatchObject({ status: "acknowledged" });

    expect(await evaluateDueRules(database.db, { now: new Date(base + 90_000) })).toMatchObject({ resolved: 1 });
    expect((await page()).items).toMatchObject([
      { id: raised?.id, status: "resolved", resolvedAt: new Date(base + 90_000) },
    ]);
  });
});
