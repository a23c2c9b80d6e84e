import type { Alert } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import { changeAlert, lockAlert, toAlert } from "./alert-queries";
import { ALERT_NOT_FOUND, alertAlreadyResolved } from "./alert-refusals";
import type { AlertsWriter } from "./alerts-caller";

/** Marks an open alert as seen by someone who is on it; acknowledging it again changes nothing. */
export function acknowledgeAlert(caller: AlertsWriter, alertId: string): Promise<Alert> {
  return caller.tenant(async (trx) => {
    const alert = requireFound(await lockAlert(trx, alertId), ALERT_NOT_FOUND);
    if (alert.status === "resolved") throw alertAlreadyResolved("acknowledged");
    if (alert.status === "acknowledged") return toAlert(alert);
    const acknowledged = await changeAlert(trx, alert, { status: "acknowledged", acknowledged_at: new Date() });
    await caller.record(trx, {
      action: "alert.acknowledged",
      target: { type: "alert", id: alert.id },
      events: [
        {
          name: "alert.acknowledged",
          payload: { alertId: alert.id, organizationId: caller.organizationId, actorUserId: caller.actorUserId },
        },
      ],
    });
    return toAlert(acknowledged);
  });
}
