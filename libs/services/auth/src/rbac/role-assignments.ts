import { assignRoleInputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { recordChange } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { sql, type Transaction } from "kysely";
import { z } from "zod";
import { userAggregate } from "../security/security-events";
import { steppedUpProcedure } from "../security/procedures";
import {
  assertGrantable,
  assertOutranksHolders,
  authorizeRoleManagement,
  inRoleScope,
  loadRole,
} from "./role-authorization";

const ok = z.object({ ok: z.literal(true) });

// Holds the membership until commit, so a removal running at the same moment either happens
// first (and this assignment is refused) or waits and then takes this assignment with it.
async function lockMembership(trx: Transaction<Database>, userId: string, organizationId: string): Promise<boolean> {
  const row = await trx
    .selectFrom("organization_users")
    .select("user_id")
    .where("user_id", "=", userId)
    .where("organization_id", "=", organizationId)
    .forShare()
    .executeTakeFirst();
  return row !== undefined;
}

// Whether anyone other than this assignment still holds users:admin everywhere.
async function anotherPlatformAdminRemains(trx: Transaction<Database>, assignmentId: string): Promise<boolean> {
  const { rows } = await sql<{ remains: boolean }>`
    select exists (
      select 1 from public.user_roles ur
      join public.users u on u.id = ur.user_id and u.disabled_at is null
      join public.role_permissions rp on rp.role_id = ur.role_id
      join public.permissions p on p.id = rp.permission_id and p.name = 'users:admin'
      where ur.organization_id is null and ur.id <> ${assignmentId}
    ) as remains
  `.execute(trx);
  return rows[0]?.remains ?? false;
}

/** roles.assign: a role for a user, within one organization or (platform admins) everywhere. */
export const assignRoleProcedure = steppedUpProcedure
  .input(assignRoleInputSchema)
  .output(ok)
  .mutation(async ({ ctx, input }) => {
    const scope = input.organizationId ?? null;
    const role = await loadRole(ctx.db, input.roleId);
    if (role.organization_id !== null && role.organization_id !== scope) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: "This role belongs to an organization; assign it within that organization",
      });
    }
    const grants = await authorizeRoleManagement(ctx.db, ctx.user.userId, scope);
    assertGrantable(grants, role.permissions, scope);
    await inRoleScope(ctx.db, ctx.user.userId, scope, async (trx) => {
      if (scope !== null && !(await lockMembership(trx, input.userId, scope))) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "The user is not a member of this organization" });
      }
      const inserted = await trx
        .insertInto("user_roles")
        .values({ user_id: input.userId, role_id: role.id, organization_id: scope, granted_by: ctx.user.userId })
        .onConflict((conflict) => conflict.doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!inserted) throw new TRPCError({ code: "CONFLICT", message: "The user already holds this role here" });
      await recordChange(trx, ctx, {
        action: "role.assigned",
        organizationId: scope,
        target: { type: "user", id: input.userId },
        metadata: { roleId: role.id, roleName: role.name },
        events: [
          {
            name: "role.assigned",
            payload: {
              userId: input.userId,
              roleId: role.id,
              roleName: role.name,
              organizationId: scope,
              assignedByUserId: ctx.user.userId,
            },
            aggregate: userAggregate(input.userId),
          },
        ],
      });
    });
    return { ok: true as const };
  });

/** roles.unassign: takes a role from a user, keeping at least one platform administrator. */
export const unassignRoleProcedure = steppedUpProcedure
  .input(assignRoleInputSchema)
  .output(ok)
  .mutation(async ({ ctx, input }) => {
    const scope = input.organizationId ?? null;
    const role = await loadRole(ctx.db, input.roleId);
    const grants = await authorizeRoleManagement(ctx.db, ctx.user.userId, scope);
    await inRoleScope(ctx.db, ctx.user.userId, scope, async (trx) => {
      await assertOutranksHolders(
        trx,
        grants,
        [{ userId: input.userId, organizationId: scope }],
        "take this role away",
      );
      const assignment = await trx
        .selectFrom("user_roles")
        .select("id")
        .where("user_id", "=", input.userId)
        .where("role_id", "=", role.id)
        .where((eb) => (scope === null ? eb("organization_id", "is", null) : eb("organization_id", "=", scope)))
        .executeTakeFirst();
      if (!assignment) throw new TRPCError({ code: "NOT_FOUND", message: "The user does not hold this role here" });
      if (
        scope === null &&
        role.permissions.includes("users:admin") &&
        !(await anotherPlatformAdminRemains(trx, assignment.id))
      ) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "The platform needs at least one administrator" });
      }
      await trx.deleteFrom("user_roles").where("id", "=", assignment.id).execute();
      await recordChange(trx, ctx, {
        action: "role.unassigned",
        organizationId: scope,
        target: { type: "user", id: input.userId },
        metadata: { roleId: role.id, roleName: role.name },
        events: [
          {
            name: "role.unassigned",
            payload: {
              userId: input.userId,
              roleId: role.id,
              roleName: role.name,
              organizationId: scope,
              unassignedByUserId: ctx.user.userId,
            },
            aggregate: userAggregate(input.userId),
          },
        ],
      });
    });
    return { ok: true as const };
  });
