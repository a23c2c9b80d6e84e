import type { Database } from "@cauldron/db";
import { publishEvent } from "@cauldron/events";
import type { Transaction } from "kysely";
import type { AlertKey } from "./raise-alert";

/** An alert to close, with the organization and rule its `alert.resolved` event names. */
export interface AlertToResolve extends AlertKey {
  organizationId: string;
  ruleId: string | null;
}

/**
 * Resolves an alert that is still open or acknowledged and publishes `alert.resolved` in the
 * caller's transaction; false when it was resolved already (or is gone), so nothing is published twice.
 */
export async function resolveAlert(trx: Transaction<Database>, alert: AlertToResolve, at: Date): Promise<boolean> {
  const resolved = await trx
    .updateTable("timeseries.alerts")
    .set({ status: "resolved", resolved_at: at })
    .where("id", "=", alert.id)
    .where("time", "=", alert.time)
    .where("status", "<>", "resolved")
    .returning("id")
    .executeTakeFirst();
  if (!resolved) return false;
  await publishEvent(trx, "alert.resolved", {
    alertId: alert.id,
    organizationId: alert.organizationId,
    ruleId: alert.ruleId,
  });
  return true;
}

/** Resolves every alert a rule is firing and forgets the rule's pending and firing groups; returns how many alerts closed. */
export async function resolveRuleAlerts(trx: Transaction<Database>, ruleId: string, at: Date): Promise<number> {
  const states = await trx
    .deleteFrom("timeseries.alert_rule_states")
    .where("rule_id", "=", ruleId)
    .returning(["organization_id", "alert_id", "alert_time"])
    .execute();
  let resolved = 0;
  for (const state of states) {
    if (state.alert_id === null || state.alert_time === null) continue;
    const key = { id: state.alert_id, time: state.alert_time, organizationId: state.organization_id, ruleId };
    if (await resolveAlert(trx, key, at)) resolved += 1;
  }
  return resolved;
}
