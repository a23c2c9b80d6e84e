import type { listRolesInputSchema, RoleView } from "@cauldron/contracts";
import { principalUserId, type Principal, type RequestContext } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { sql } from "kysely";
import type { z } from "zod";
import { organizationGrants, readAccess } from "./access-queries";

interface RoleRow {
  id: string;
  name: string;
  description: string | null;
  organization_id: string | null;
  is_system: boolean;
  permissions: string[];
}

/** The global roles and, for a member, the roles of one organization, each with its permissions. */
export function listRoles(
  ctx: Pick<RequestContext, "db"> & { principal: Principal },
  input: z.infer<typeof listRolesInputSchema>,
): Promise<RoleView[]> {
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
}
