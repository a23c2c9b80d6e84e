import type { Database } from "@cauldron/db";
import type { OrganizationRole } from "@cauldron/contracts";
import { publishEvent } from "@cauldron/events";
import {
  recordAudit,
  requestActorUserId,
  type RequestContext,
  requestEventMetadata,
} from "@cauldron/rpc";
import type { Transaction } from "kysely";

type Caller = Pick<RequestContext, "principal" | "requestId" | "ip" | "userAgent"> & { organizationId: string };

/** Sets a member's role, with its audit row and member.role_changed event. */
export async function changeMemberRole(
  trx: Transaction<Database>,
  caller: Caller,
  userId: string,
  previousRole: OrganizationRole,
  role: OrganizationRole,
): Promise<void> {
  const { organizationId } = caller;
  await trx
    .updateTable("organization_users")
    .set({ role })
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .execute();
  await recordAudit(trx, caller, {
    action: "member.role_changed",
    organizationId,
    target: { type: "user", id: userId },
    metadata: { previousRole, role },
  });
  await publishEvent(
    trx,
    "member.role_changed",
    { organizationId, userId, previousRole, role, changedByUserId: requestActorUserId(caller) },
    { metadata: requestEventMetadata(caller), aggregate: { type: "member", id: userId } },
  );
}

/**
 * Ends a membership and the member's team memberships (which the foreign key would cascade
 * anyway), publishing team.member.removed for each team and then member.removed.
 */
export async function removeMembership(
  trx: Transaction<Database>,
  caller: Caller,
  userId: string,
  role: OrganizationRole,
  action: "member.removed" | "member.left",
): Promise<{ teamIds: string[] }> {
  const { organizationId } = caller;
  const teams = await trx
    .deleteFrom("team_members")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .returning("team_id")
    .execute();
  await trx
    .deleteFrom("organization_users")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .execute();
  const teamIds = teams.map((team) => team.team_id);
  await recordAudit(trx, caller, {
    action,
    organizationId,
    target: { type: "user", id: userId },
    metadata: { role, teamIds },
  });
  const metadata = requestEventMetadata(caller);
  for (const teamId of teamIds) {
    await publishEvent(trx, "team.member.removed", { organizationId, teamId, userId }, { metadata });
  }
  await publishEvent(
    trx,
    "member.removed",
    { organizationId, userId, removedByUserId: requestActorUserId(caller) },
    { metadata, aggregate: { type: "member", id: userId } },
  );
  return { teamIds };
}
