import { requireFound } from "@cauldron/rpc";
import { ALERT_RULE_NOT_FOUND } from "../alert-refusals";
import type { AlertsWriter } from "../alerts-caller";
import { resolveRuleAlerts } from "../resolve-alert";

/** Deletes a rule; the alerts it is firing are resolved, since nothing would ever resolve them after. */
export function deleteAlertRule(caller: AlertsWriter, ruleId: string): Promise<{ id: string; resolvedAlerts: number }> {
  return caller.tenant(async (trx) => {
    // Locks the rule first, so an evaluation under way finishes before its groups are read.
    const rule = await trx
      .selectFrom("timeseries.alert_rules")
      .select(["id", "name"])
      .where("id", "=", ruleId)
      .forUpdate()
      .executeTakeFirst();
    const found = requireFound(rule, ALERT_RULE_NOT_FOUND);
    const resolvedAlerts = await resolveRuleAlerts(trx, ruleId, new Date());
    await trx.deleteFrom("timeseries.alert_rules").where("id", "=", ruleId).execute();
    await caller.record(trx, {
      action: "alert_rule.deleted",
      target: { type: "alert_rule", id: ruleId },
      metadata: { name: found.name, resolvedAlerts },
    });
    return { id: ruleId, resolvedAlerts };
  });
}
