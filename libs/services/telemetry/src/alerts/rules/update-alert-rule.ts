import type { AlertRule, UpdateAlertRuleInput } from "@cauldron/contracts";
import { isUniqueViolation, requireFound } from "@cauldron/rpc";
import { sql } from "kysely";
import { ALERT_RULE_NOT_FOUND, ruleNameTaken } from "../alert-refusals";
import type { AlertsWriter } from "../alerts-caller";
import { resolveRuleAlerts } from "../resolve-alert";
import { ALERT_RULE_COLUMNS, ALERT_RULE_NAME_KEY, toAlertRule } from "./alert-rule-queries";
import { alertRuleValues } from "./alert-rule-values";

/**
 * Changes a rule and makes it due at once, so the change shows at the next evaluation; groups it
 * already tracks are judged by the new definition then. Disabling it resolves what it is firing.
 */
export async function updateAlertRule(caller: AlertsWriter, input: UpdateAlertRuleInput): Promise<AlertRule> {
  const { id, ...fields } = input;
  try {
    return await caller.tenant(async (trx) => {
      const updated = await trx
        .updateTable("timeseries.alert_rules")
        .set({ ...alertRuleValues(fields), next_evaluation_at: sql`now()` })
        .where("id", "=", id)
        .returning(ALERT_RULE_COLUMNS)
        .executeTakeFirst();
      const rule = requireFound(updated, ALERT_RULE_NOT_FOUND);
      const resolvedAlerts = rule.enabled ? 0 : await resolveRuleAlerts(trx, id, new Date());
      await caller.record(trx, {
        action: "alert_rule.updated",
        target: { type: "alert_rule", id },
        metadata: { changedFields: Object.keys(fields), resolvedAlerts },
      });
      return toAlertRule(rule);
    });
  } catch (error) {
    if (fields.name !== undefined && isUniqueViolation(error, ALERT_RULE_NAME_KEY)) throw ruleNameTaken(fields.name);
    throw error;
  }
}
