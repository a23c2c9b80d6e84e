import type { AlertRule, CreateAlertRuleInput } from "@cauldron/contracts";
import { isUniqueViolation } from "@cauldron/rpc";
import { durationSeconds } from "../alert-durations";
import { ruleNameTaken } from "../alert-refusals";
import type { AlertsWriter } from "../alerts-caller";
import { ALERT_RULE_COLUMNS, ALERT_RULE_NAME_KEY, toAlertRule } from "./alert-rule-queries";
import { alertRuleValues } from "./alert-rule-values";

/** Creates a rule, due for its first evaluation at once; names are unique in the organization. */
export async function createAlertRule(caller: AlertsWriter, input: CreateAlertRuleInput): Promise<AlertRule> {
  try {
    return await caller.tenant(async (trx) => {
      const created = await trx
        .insertInto("timeseries.alert_rules")
        .values({
          ...alertRuleValues(input),
          organization_id: caller.organizationId,
          created_by: caller.actorUserId,
          name: input.name,
          metric_name: input.metric,
          aggregate: input.aggregate,
          window_seconds: durationSeconds(input.window),
          condition: input.condition,
          threshold: input.threshold,
        })
        .returning(ALERT_RULE_COLUMNS)
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "alert_rule.created",
        target: { type: "alert_rule", id: created.id },
        metadata: { name: input.name, metric: input.metric },
      });
      return toAlertRule(created);
    });
  } catch (error) {
    if (isUniqueViolation(error, ALERT_RULE_NAME_KEY)) throw ruleNameTaken(input.name);
    throw error;
  }
}
