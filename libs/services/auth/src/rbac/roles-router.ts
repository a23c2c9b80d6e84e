import {
  createRoleInputSchema,
  deleteRoleInputSchema,
  listRolesInputSchema,
  permissionSchema,
  roleSchema,
  updateRoleInputSchema,
  type RoleView,
} from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { principalUserId, protectedProcedure, recordChange, router } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { sql, type Transaction } from "kysely";
import { z } from "zod";
import { type SecurityRequest } from "../security/security-events";
import { steppedUpProcedure } from "../security/procedures";
import { createRoleAssignmentProcedures } from "./role-assignments";
import { organizationGrants, readAccess } from "./access-queries";
import {
  assertGrantable,
  assertKnownPermissions,
  assertOutranksHolders,
  authorizeRoleManagement,
  inRoleScope,
  loadRole,
  permissionIds,
  roleHolders,
  type RoleScope,
} from "./role-authorization";

interface RoleRow {
  id: string;
  name: string;
  description: string | null;
  organization_id: string | null;
  is_system: boolean;
  permissions: string[];
}

const BUILT_IN_NAMES = ["owner", "admin", "member", "viewer", "platform_admin"];

async function replacePermissions(
  trx: Transaction<Database>,
  roleId: string,
  scope: RoleScope,
  names: readonly string[],
) {
  const ids = await permissionIds(trx, names);
  await trx.deleteFrom("role_permissions").where("role_id", "=", roleId).execute();
  if (ids.length === 0) return;
  await trx
    .insertInto("role_permissions")
    .values(ids.map((permissionId) => ({ role_id: roleId, permission_id: permissionId, organization_id: scope })))
    .execute();
}

function recordRoleChange(
  trx: Transaction<Database>,
  ctx: SecurityRequest,
  role: { id: string; name: string; organizationId: RoleScope },
  change: "created" | "updated" | "deleted",
  metadata: Record<string, unknown> = {},
) {
  return recordChange(trx, ctx, {
    action: `role.${change}`,
    organizationId: role.organizationId,
    target: { type: "role", id: role.id },
    metadata: { name: role.name, ...metadata },
    events: [
      {
        name: "role.changed",
        payload: {
          roleId: role.id,
          roleName: role.name,
          organizationId: role.organizationId,
          change,
          changedByUserId: ctx.principal?.kind === "user" ? ctx.principal.userId : null,
        },
        aggregate: { type: "role", id: role.id },
      },
    ],
  });
}

/** Custom roles (per organization, or global for platform administrators), their assignment, and the permission list. */
export function createRolesRouter() {
  return {
    roles: router({
      list: protectedProcedure
        .meta({ scope: "roles:read" })
        .input(listRolesInputSchema)
        .output(z.array(roleSchema))
        .query(async ({ ctx, input }) => {
          const organizationId = input.organizationId ?? null;
          const userId = principalUserId(ctx.principal);
          return readAccess(ctx.db, async (trx) => {
            if (organizationId && userId) {
              const access = await organizationGrants(trx, userId, organizationId);
              if (!access.isMember)
                throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this organization" });
            }
            const { rows } = await sql<RoleRow>`
              select r.id, r.name, r.description, r.organization_id, r.is_system,
                coalesce(array(
                  select p.name from public.role_permissions rp join public.permissions p on p.id = rp.permission_id
                  where rp.role_id = r.id order by p.name
                ), '{}') as permissions
              from public.roles r
              where r.organization_id is null or r.organization_id = ${organizationId}
              order by r.organization_id nulls first, r.name
            `.execute(trx);
            return rows.map((row): RoleView => ({
              id: row.id,
              name: row.name,
              description: row.description,
              organizationId: row.organization_id,
              isSystem: row.is_system,
              permissions: row.permissions,
            }));
          });
        }),

      create: steppedUpProcedure
        .input(createRoleInputSchema)
        .output(roleSchema)
        .mutation(async ({ ctx, input }) => {
          const scope = input.organizationId ?? null;
          const grants = await authorizeRoleManagement(ctx.db, ctx.user.userId, scope);
          if (BUILT_IN_NAMES.includes(input.name)) {
            throw new TRPCError({
              code: "BAD_REQUEST",
              message: `${input.name} is a built-in role; choose another name`,
            });
          }
          const permissions = [...new Set(input.permissions)].sort();
          await assertKnownPermissions(ctx.db, permissions);
          assertGrantable(grants, permissions, scope);
          return inRoleScope(ctx.db, ctx.user.userId, scope, async (trx) => {
            const role = await trx
              .insertInto("roles")
              .values({ organization_id: scope, name: input.name, description: input.description ?? null })
              .returning(["id", "name", "description"])
              .executeTakeFirstOrThrow();
            await replacePermissions(trx, role.id, scope, permissions);
            await recordRoleChange(trx, ctx, { id: role.id, name: role.name, organizationId: scope }, "created", {
              permissions,
            });
            return { ...role, organizationId: scope, isSystem: false, permissions };
          });
        }),

      update: steppedUpProcedure
        .input(updateRoleInputSchema)
        .output(roleSchema)
        .mutation(async ({ ctx, input }) => {
          const role = await loadRole(ctx.db, input.roleId);
          if (role.is_system) throw new TRPCError({ code: "FORBIDDEN", message: "Built-in roles cannot be changed" });
          const scope = role.organization_id;
          const grants = await authorizeRoleManagement(ctx.db, ctx.user.userId, scope);
          const permissions = input.permissions ? [...new Set(input.permissions)].sort() : role.permissions;
          if (input.permissions) await assertKnownPermissions(ctx.db, permissions);
          assertGrantable(grants, [...role.permissions, ...permissions], scope);
          const description = input.description === undefined ? role.description : input.description;
          return inRoleScope(ctx.db, ctx.user.userId, scope, async (trx) => {
            await assertOutranksHolders(trx, grants, await roleHolders(trx, role.id), "change this role");
            await trx.updateTable("roles").set({ description }).where("id", "=", role.id).execute();
            if (input.permissions) await replacePermissions(trx, role.id, scope, permissions);
            await recordRoleChange(trx, ctx, { id: role.id, name: role.name, organizationId: scope }, "updated", {
              permissions,
            });
            await recordChange(trx, ctx, {
              action: "permissions.changed",
              organizationId: scope,
              target: { type: "role", id: role.id },
              events: [
                {
                  name: "permissions.changed",
                  payload: { roleId: role.id, userId: null, organizationId: scope },
                  aggregate: { type: "role", id: role.id },
                },
              ],
            });
            return { id: role.id, name: role.name, description, organizationId: scope, isSystem: false, permissions };
          });
        }),

      delete: steppedUpProcedure
        .input(deleteRoleInputSchema)
        .output(z.object({ ok: z.literal(true) }))
        .mutation(async ({ ctx, input }) => {
          const role = await loadRole(ctx.db, input.roleId);
          if (role.is_system) throw new TRPCError({ code: "FORBIDDEN", message: "Built-in roles cannot be deleted" });
          const scope = role.organization_id;
          const grants = await authorizeRoleManagement(ctx.db, ctx.user.userId, scope);
          assertGrantable(grants, role.permissions, scope);
          await inRoleScope(ctx.db, ctx.user.userId, scope, async (trx) => {
            await assertOutranksHolders(trx, grants, await roleHolders(trx, role.id), "delete this role");
            await trx.deleteFrom("roles").where("id", "=", role.id).execute();
            await recordRoleChange(trx, ctx, { id: role.id, name: role.name, organizationId: scope }, "deleted");
          });
          return { ok: true as const };
        }),

      ...createRoleAssignmentProcedures(),
    }),

    permissions: router({
      list: protectedProcedure
        .meta({ scope: "roles:read" })
        .output(z.array(permissionSchema))
        .query(({ ctx }) =>
          readAccess(ctx.db, (trx) =>
            trx.selectFrom("permissions").select(["name", "description"]).orderBy("name").execute(),
          ),
        ),
    }),
  };
}
