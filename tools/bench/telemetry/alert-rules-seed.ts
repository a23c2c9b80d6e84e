import type { createAlertRuleInputSchema } from "@cauldron/contracts";
import type { TelemetryTestKit } from "@cauldron/service-telemetry/testing";
import type { TestOrganization } from "@cauldron/testing";
import { sql } from "kysely";
import type { z } from "zod";
import { runAsTableOwner } from "../as-table-owner";
import { forEachInFlight } from "../storage/bounded-concurrency";
import type { PlannedRule } from "./alert-rules-plan";
import {
  ALERT_BENCH_METRICS,
  HOSTS,
  LONGEST_WINDOW_SECONDS,
  POINT_SPACING_SECONDS,
  REGIONS,
  SERIES_VALUES,
} from "./alert-rules-series";

type NewAlertRule = z.input<typeof createAlertRuleInputSchema>;

// As many rules in flight as the service's pool has connections.
const CREATING_CALLERS = 4;

/** The typed client's input for a planned rule; every rule is due each minute. */
export function alertRuleInput(rule: PlannedRule): NewAlertRule {
  return {
    name: rule.name,
    metric: rule.metric,
    aggregate: rule.aggregate,
    window: rule.window.text,
    groupBy: rule.groupBy,
    where: rule.where,
    condition: rule.condition,
    threshold: rule.threshold,
    for: rule.for,
    severity: rule.severity,
    labels: rule.labels,
    evaluateEvery: "1 minute",
  };
}

/**
 * Writes every organization's series, server-side in one statement as the system role: a point
 * every POINT_SPACING_SECONDS from a little before `from`'s longest window until `until`, valued
 * as SERIES_VALUES says. Answers the rows written.
 */
export async function seedAlertPoints(
  kit: TelemetryTestKit,
  organizations: readonly TestOrganization[],
  from: Date,
  until: Date,
): Promise<number> {
  const firstTick = Math.floor((from.getTime() / 1_000 - LONGEST_WINDOW_SECONDS - 60) / POINT_SPACING_SECONDS);
  const lastTick = Math.ceil(until.getTime() / 1_000 / POINT_SPACING_SECONDS);
  const { hostStep, regionStep, cycle } = SERIES_VALUES;
  const result = await sql`
    insert into timeseries.business_metrics (time, organization_id, metric_name, metric_value, dimensions)
    select to_timestamp(tick * ${POINT_SPACING_SECONDS}), organization.id, metric.name,
      ${hostStep} * (host + 1) + ${regionStep} * region + tick % ${cycle},
      jsonb_build_object('host', 'h' || host, 'region', 'r' || region)
    from unnest(${organizations.map((organization) => organization.id)}::uuid[]) as organization(id)
      cross join unnest(${[...ALERT_BENCH_METRICS]}::text[]) as metric(name)
      cross join generate_series(0, ${HOSTS - 1}) as host
      cross join generate_series(0, ${REGIONS - 1}) as region
      cross join generate_series(${firstTick}::bigint, ${lastTick}::bigint) as tick
  `.execute(kit.database.ownerDb);
  // Planner statistics, as autovacuum leaves them some time after a load (ANALYZE needs the owner itself).
  await runAsTableOwner(kit.database.ownerUrl, ["analyze timeseries.business_metrics"]);
  return Number(result.numAffectedRows ?? 0);
}

/** Creates the planned rules through telemetry.alerts.rules.create as each organization's owner; answers their ids in plan order. */
export async function createPlannedRules(
  kit: TelemetryTestKit,
  organizations: readonly TestOrganization[],
  rules: readonly PlannedRule[],
): Promise<string[]> {
  const ids: string[] = new Array<string>(rules.length);
  await forEachInFlight(rules, CREATING_CALLERS, async (rule, index) => {
    const client = kit.ownerOf(organizations[rule.organization]!);
    ids[index] = (await client.telemetry.alerts.rules.create.mutate(alertRuleInput(rule))).id;
  });
  return ids;
}
