import type { AlertCondition, AlertRule, AlertSeverity, MetricAggregate, MetricKind, Page } from "@cauldron/contracts";
import { decodeNameCursor, pastNameKey, toPage, type Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { formatDuration } from "../alert-durations";

/** The unique key of rule names within an organization. */
export const ALERT_RULE_NAME_KEY = "alert_rules_organization_id_name_key";

/** The columns a rule is read with. */
export const ALERT_RULE_COLUMNS = [
  "id",
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
  "enabled",
  "evaluate_every_seconds",
  "next_evaluation_at",
  "created_by",
  "created_at",
  "updated_at",
] as const;

function ruleColumns(trx: Transaction<Database>) {
  return trx.selectFrom("timeseries.alert_rules").select(ALERT_RULE_COLUMNS);
}

/** A rule as stored. */
export type AlertRuleRow = Awaited<ReturnType<ReturnType<typeof ruleColumns>["executeTakeFirstOrThrow"]>>;

/** A rule as clients see it. */
export function toAlertRule(row: AlertRuleRow): AlertRule {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    metric: row.metric_name,
    kind: row.metric_kind as MetricKind,
    aggregate: row.aggregate as MetricAggregate,
    window: formatDuration(row.window_seconds),
    groupBy: row.group_by,
    where: row.where_dimensions as Record<string, string>,
    condition: row.condition as AlertCondition,
    threshold: row.threshold,
    for: formatDuration(row.for_seconds),
    severity: row.severity as AlertSeverity,
    labels: row.labels as Record<string, string>,
    enabled: row.enabled,
    evaluateEvery: formatDuration(row.evaluate_every_seconds),
    nextEvaluationAt: row.next_evaluation_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One rule of the active organization, or undefined. */
export async function loadAlertRule(trx: Transaction<Database>, ruleId: string): Promise<AlertRule | undefined> {
  const row = await ruleColumns(trx).where("id", "=", ruleId).executeTakeFirst();
  return row && toAlertRule(row);
}

/** The active organization's rules by name, a page at a time. */
export async function listAlertRules(
  trx: Transaction<Database>,
  input: { limit: number; cursor?: string | undefined; enabled?: boolean | undefined; metric?: string | undefined },
): Promise<Page<AlertRule>> {
  const after = decodeNameCursor(input.cursor);
  let query = ruleColumns(trx).where(pastNameKey({ name: "name", id: "id" }, after));
  if (input.enabled !== undefined) query = query.where("enabled", "=", input.enabled);
  if (input.metric !== undefined) query = query.where("metric_name", "=", input.metric);
  const rows = await query
    .orderBy("name")
    .orderBy("id")
    .limit(input.limit + 1)
    .execute();
  return toPage(rows, input.limit, toAlertRule, (row) => ({ name: row.name, id: row.id }));
}
