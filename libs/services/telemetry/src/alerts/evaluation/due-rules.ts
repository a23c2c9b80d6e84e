import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

const DUE_RULE_COLUMNS = [
  "id",
  "organization_id",
  "name",
  "description",
  "metric_name",
  "metric_kind",
  "aggregate",
  "window_seconds",
  "group_by",
  "where_dimensions",
  "condition",
  "threshold",
  "for_seconds",
  "severity",
  "labels",
  "evaluate_every_seconds",
] as const;

function nextEvaluationAfter(now: Date) {
  return sql<Date>`${now}::timestamptz + make_interval(secs => evaluate_every_seconds)`;
}

/** A rule as the evaluator reads it. */
export interface DueRule {
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  metric_name: string;
  metric_kind: string;
  aggregate: string;
  window_seconds: number;
  group_by: string[];
  where_dimensions: unknown;
  condition: string;
  threshold: number;
  for_seconds: number;
  severity: string;
  labels: unknown;
  evaluate_every_seconds: number;
}

/** Ids of up to `limit` rules (of every organization) due at `now`, the longest overdue first. */
export async function dueRuleIds(trx: Transaction<Database>, now: Date, limit: number): Promise<string[]> {
  const rows = await trx
    .selectFrom("timeseries.alert_rules")
    .select("id")
    .where("enabled", "=", true)
    .where("next_evaluation_at", "<=", now)
    .orderBy("next_evaluation_at")
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Takes a rule that is still enabled and due: locks it for this transaction and makes it due again
 * `evaluate_every_seconds` after `now`, in one statement. Undefined when it is no longer due, or
 * when another evaluation holds it (skipped, never waited for).
 */
export function claimDueRule(trx: Transaction<Database>, ruleId: string, now: Date): Promise<DueRule | undefined> {
  return trx
    .updateTable("timeseries.alert_rules")
    .set({ next_evaluation_at: nextEvaluationAfter(now) })
    .where("id", "=", (eb) =>
      eb
        .selectFrom("timeseries.alert_rules")
        .select("id")
        .where("id", "=", ruleId)
        .where("enabled", "=", true)
        .where("next_evaluation_at", "<=", now)
        .forUpdate()
        .skipLocked(),
    )
    .returning(DUE_RULE_COLUMNS)
    .executeTakeFirst();
}

/** Puts a rule off until `evaluate_every_seconds` after `now`, as after an evaluation that failed. */
export async function postponeRule(trx: Transaction<Database>, ruleId: string, now: Date): Promise<void> {
  await trx
    .updateTable("timeseries.alert_rules")
    .set({ next_evaluation_at: nextEvaluationAfter(now) })
    .where("id", "=", ruleId)
    .execute();
}
