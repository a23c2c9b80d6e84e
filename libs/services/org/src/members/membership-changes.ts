import type { Database } from "@cauldron/db";
import type { OrganizationRole } from "@cauldron/contracts";
import type { OrganizationWriteContext } from "@cauldron/rpc";
import type { Transaction } from "kysely";

type Caller = OrganizationWriteContext & { organizationId: string };

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
  await caller.record(trx, {
    action: "member.role_changed",
    target: { type: "user", id: userId },
    metadata: { previousRole, role },
    events: [
      {
        name: "member.role_changed",
        payload: { organizationId, userId, previousRole, role, changedByUserId: caller.actorUserId },
        aggregate: { type: "member", id: userId },
      },
    ],
  });
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
  await caller.record(trx, {
    action,
    target: { type: "user", id: userId },
    metadata: { role, teamIds, roleIds: roles.map((assignment) => assignment.role_id) },
    events: [
      ...teamIds.map((teamId) => ({
        name: "team.member.removed" as const,
        payload: { organizationId, teamId, userId },
      })),
      {
        name: "member.removed",
        payload: { organizationId, userId, removedByUserId: caller.actorUserId },
        aggregate: { type: "member", id: userId },
      },
    ],
  });
  return { teamIds };
}
