import type { Alert } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { invalidFields, requireFound } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import { changeAlert, lockAlert, toAlert } from "./alert-queries";
import { ALERT_NOT_FOUND } from "./alert-refusals";
import type { AlertsWriter } from "./alerts-caller";

async function isMember(trx: Transaction<Database>, organizationId: string, userId: string): Promise<boolean> {
  const member = await trx
    .selectFrom("organization_users")
    .select("user_id")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return member !== undefined;
}

/** Hands an alert to a member of the organization, or to nobody with null; the same assignee again changes nothing. */
export function assignAlert(caller: AlertsWriter, input: { alertId: string; userId: string | null }): Promise<Alert> {
  return caller.tenant(async (trx) => {
    const alert = requireFound(await lockAlert(trx, input.alertId), ALERT_NOT_FOUND);
    if (input.userId !== null && !(await isMember(trx, caller.organizationId, input.userId))) {
      throw invalidFields([{ path: ["userId"], message: "the assignee must be a member of this organization" }]);
    }
    if (alert.assigned_to === input.userId) return toAlert(alert);
    const assigned = await changeAlert(trx, alert, { assigned_to: input.userId });
    await caller.record(trx, {
      action: "alert.assigned",
      target: { type: "alert", id: alert.id },
      metadata: { previousAssignee: alert.assigned_to, assignee: input.userId },
      events: [
        {
          name: "alert.assigned",
          payload: {
            alertId: alert.id,
            organizationId: caller.organizationId,
            assignedToUserId: input.userId,
            actorUserId: caller.actorUserId,
          },
        },
      ],
    });
    return toAlert(assigned);
  });
}
