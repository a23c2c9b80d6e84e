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
 * Ends a membership, the member's team memberships (which the foreign key would cascade anyway)
 * and the roles assigned to them in the organization, so rejoining starts from the invited role
 * alone; publishes team.member.removed for each team and then member.removed.
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
  // After the membership row: an assignment made at the same moment holds that row until it
  // commits, so this statement, run once the membership is gone, sees and removes it too.
  const roles = await trx
    .deleteFrom("user_roles")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .returning("role_id")
    .execute();
  const teamIds = teams.map((team) => team.team_id);
  await recordAudit(trx, caller, {
    action,
    organizationId,
    target: { type: "user", id: userId },
    metadata: { role, teamIds, roleIds: roles.map((assignment) => assignment.role_id) },
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
