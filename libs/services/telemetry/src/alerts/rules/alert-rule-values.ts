import type { UpdateAlertRuleInput } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Updateable } from "kysely";
import { durationSeconds } from "../alert-durations";

type RuleFields = Omit<UpdateAlertRuleInput, "id">;

/** The columns a rule's fields are stored in; fields left out stay as they are. */
export function alertRuleValues(fields: RuleFields): Updateable<Database["timeseries.alert_rules"]> {
  const values: Updateable<Database["timeseries.alert_rules"]> = {};
  if (fields.name !== undefined) values.name = fields.name;
  if (fields.description !== undefined) values.description = fields.description;
  if (fields.metric !== undefined) values.metric_name = fields.metric;
  if (fields.kind !== undefined) values.metric_kind = fields.kind;
  if (fields.aggregate !== undefined) values.aggregate = fields.aggregate;
  if (fields.window !== undefined) values.window_seconds = durationSeconds(fields.window);
  if (fields.groupBy !== undefined) values.group_by = fields.groupBy;
  if (fields.where !== undefined) values.where_dimensions = JSON.stringify(fields.where);
  if (fields.condition !== undefined) values.condition = fields.condition;
  if (fields.threshold !== undefined) values.threshold = fields.threshold;
  if (fields.for !== undefined) values.for_seconds = durationSeconds(fields.for);
  if (fields.severity !== undefined) values.severity = fields.severity;
  if (fields.labels !== undefined) values.labels = JSON.stringify(fields.labels);
  if (fields.enabled !== undefined) values.enabled = fields.enabled;
  if (fields.evaluateEvery !== undefined) values.evaluate_every_seconds = durationSeconds(fields.evaluateEvery);
  return values;
}
