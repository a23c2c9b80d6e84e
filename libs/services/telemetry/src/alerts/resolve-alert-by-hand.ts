import type { Alert } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import { alertColumns, lockAlert, toAlert } from "./alert-queries";
import { ALERT_NOT_FOUND } from "./alert-refusals";
import type { AlertsWriter } from "./alerts-caller";
import { resolveAlert } from "./resolve-alert";

/**
 * Closes an alert by hand (an anomaly's, or a rule's someone has dealt with); resolving it again
 * changes nothing. A rule forgets the group the alert was firing for, so should the condition
 * still hold at its next evaluation it raises a new alert rather than staying silent.
 */
export function resolveAlertByHand(caller: AlertsWriter, alertId: string): Promise<Alert> {
  return caller.tenant(async (trx) => {
    const alert = requireFound(await lockAlert(trx, alertId), ALERT_NOT_FOUND);
    if (alert.status === "resolved") return toAlert(alert);
    await trx.deleteFrom("timeseries.alert_rule_states").where("alert_id", "=", alert.id).execute();
    const key = { id: alert.id, time: alert.time, organizationId: caller.organizationId, ruleId: alert.rule_id };
    await resolveAlert(trx, key, new Date());
    await caller.record(trx, { action: "alert.resolved", target: { type: "alert", id: alert.id } });
    const resolved = await alertColumns(trx)
      .where("id", "=", alert.id)
      .where("time", "=", alert.time)
      .executeTakeFirst();
    return toAlert(requireFound(resolved, ALERT_NOT_FOUND));
  });
}
