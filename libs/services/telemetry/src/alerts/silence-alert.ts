import { MAX_SILENCE_SECONDS, type Alert } from "@cauldron/contracts";
import { invalidFields, requireFound } from "@cauldron/rpc";
import { changeAlert, lockAlert, toAlert } from "./alert-queries";
import { ALERT_NOT_FOUND, alertAlreadyResolved } from "./alert-refusals";
import type { AlertsWriter } from "./alerts-caller";

function untilProblem(until: Date, now: Date): string | null {
  if (until.getTime() <= now.getTime()) return "until must be in the future";
  if (until.getTime() > now.getTime() + MAX_SILENCE_SECONDS * 1_000) return "an alert is silenced for at most 30 days";
  return null;
}

/** Holds back an alert's notifications until a time; a later silence replaces an earlier one. */
export function silenceAlert(caller: AlertsWriter, input: { alertId: string; until: Date }): Promise<Alert> {
  const problem = untilProblem(input.until, new Date());
  if (problem) throw invalidFields([{ path: ["until"], message: problem }]);
  return caller.tenant(async (trx) => {
    const alert = requireFound(await lockAlert(trx, input.alertId), ALERT_NOT_FOUND);
    if (alert.status === "resolved") throw alertAlreadyResolved("silenced");
    const silenced = await changeAlert(trx, alert, { silenced_until: input.until });
    await caller.record(trx, {
      action: "alert.silenced",
      target: { type: "alert", id: alert.id },
      metadata: { until: input.until.toISOString() },
      events: [
        {
          name: "alert.silenced",
          payload: {
            alertId: alert.id,
            organizationId: caller.organizationId,
            until: input.until.toISOString(),
            actorUserId: caller.actorUserId,
          },
        },
      ],
    });
    return toAlert(silenced);
  });
}
