import type { Database } from "@cauldron/db";
import type { EvaluationCounts } from "@cauldron/service-telemetry";
import { sql, type Kysely } from "kysely";
import { conditionHolds } from "../../../libs/services/telemetry/src/alerts/evaluation/rule-transitions";
import type { WindowAggregate } from "./alert-rules-baseline";
import { expectedFirstPass, type PlannedRule } from "./alert-rules-plan";

function failWith(what: string, problems: string[]): void {
  if (problems.length === 0) return;
  const shown = problems.slice(0, 5).join("; ");
  throw new Error(`${what}: ${problems.length} problem(s): ${shown}${problems.length > 5 ? "; …" : ""}`);
}

function checkCounts(what: string, actual: EvaluationCounts, expected: EvaluationCounts): void {
  const keys = Object.keys(expected) as (keyof EvaluationCounts)[];
  failWith(
    what,
    keys
      .filter((key) => actual[key] !== expected[key])
      .map((key) => `${key} ${actual[key]} instead of ${expected[key]}`),
  );
}

/** Fails unless the plain queries found each rule's groups, and as many holding its condition as the seeded points imply. */
export function checkWindowAggregates(rules: readonly PlannedRule[], answers: readonly WindowAggregate[]): void {
  const problems = rules.flatMap((rule, index) => {
    const values = answers[index]!.values;
    const holding = values.filter((value) => conditionHolds(value, rule.condition, rule.threshold)).length;
    return values.length === rule.groups && holding === rule.holdingGroups
      ? []
      : [`${rule.name}: ${holding} of ${values.length} groups hold, ${rule.holdingGroups} of ${rule.groups} expected`];
  });
  failWith("the plain window aggregates disagree with the seeded points", problems);
}

/** Fails unless the first evaluation fired and left pending exactly the groups the seeded points imply. */
export function checkFirstPass(rules: readonly PlannedRule[], counts: EvaluationCounts): void {
  const { fired, pending } = expectedFirstPass(rules);
  checkCounts("the first pass", counts, { evaluated: rules.length, pending, fired, resolved: 0, failed: 0 });
}

/** Fails unless a later evaluation of every rule changed nothing. */
export function checkSteadyPass(rules: readonly PlannedRule[], counts: EvaluationCounts): void {
  checkCounts("a steady pass", counts, { evaluated: rules.length, pending: 0, fired: 0, resolved: 0, failed: 0 });
}

/**
 * Fails unless the database holds, rule by rule, one open alert and one firing state per holding
 * group of a firing rule, and one pending state per holding group of a pending rule; nothing else.
 */
export async function checkRecordedAlerts(
  systemDb: Kysely<Database>,
  rules: readonly PlannedRule[],
  ruleIds: readonly string[],
): Promise<void> {
  const { rows: states } = await sql<{ rule_id: string; pending: number; firing: number }>`
    select rule_id, count(*) filter (where state = 'pending')::int as pending,
      count(*) filter (where state = 'firing')::int as firing
    from timeseries.alert_rule_states group by rule_id
  `.execute(systemDb);
  const { rows: alerts } = await sql<{ rule_id: string; open: number }>`
    select rule_id, count(*)::int as open from timeseries.alerts
    where status = 'open' and rule_id is not null group by rule_id
  `.execute(systemDb);
  const stateOf = new Map(states.map((row) => [row.rule_id, row]));
  const openOf = new Map(alerts.map((row) => [row.rule_id, row.open]));
  const problems = rules.flatMap((rule, index) => {
    const id = ruleIds[index]!;
    const expected = {
      open: rule.outcome === "firing" ? rule.holdingGroups : 0,
      firing: rule.outcome === "firing" ? rule.holdingGroups : 0,
      pending: rule.outcome === "pending" ? rule.holdingGroups : 0,
    };
    const actual = {
      open: openOf.get(id) ?? 0,
      firing: stateOf.get(id)?.firing ?? 0,
      pending: stateOf.get(id)?.pending ?? 0,
    };
    return JSON.stringify(actual) === JSON.stringify(expected)
      ? []
      : [`${rule.name}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`];
  });
  failWith("the recorded alerts disagree with the seeded points", problems);
  const known = new Set(ruleIds);
  const strays = [...stateOf.keys(), ...openOf.keys()].filter((id) => !known.has(id));
  failWith("alerts or states of rules the benchmark did not create", strays);
}
