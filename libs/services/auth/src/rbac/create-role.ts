import type { createRoleInputSchema, RoleView } from "@cauldron/contracts";
import type { RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import { assertGrantable, assertKnownPermissions, authorizeRoleManagement, inRoleScope } from "./role-authorization";
import { recordRoleChange, replacePermissions } from "./role-changes";

const BUILT_IN_NAMES = ["owner", "admin", "member", "viewer", "platform_admin"];

/** Creates a custom role in an organization (or globally), granting only permissions the caller holds. */
export async function createRole(
  ctx: RequestContext,
  userId: string,
  input: z.infer<typeof createRoleInputSchema>,
): Promise<RoleView> {
  const scope = input.organizationId ?? null;
  const grants = await authorizeRoleManagement(ctx.db, userId, scope);
  if (BUILT_IN_NAMES.includes(input.name)) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `${input.name} is a built-in role; choose another name`,
    });
  }
  const permissions = [...new Set(input.permissions)].sort();
  await assertKnownPermissions(ctx.db, permissions);
  assertGrantable(grants, permissions, scope);
  return inRoleScope(ctx.db, userId, scope, async (trx) => {
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
}
