import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/** Someone a role change reaches: a user within one organization, or everywhere (null). */
export interface RoleHolder {
  userId: string;
  organizationId: string | null;
}

/**
 * Every permission the holders hold where the change reaches them, which an actor must hold to
 * outrank them: in an organization, the built-in role their membership names and the roles
 * assigned to them there (global roles stay untouched by a change inside one organization);
 * everywhere, their global roles. Reads through the caller's transaction, whose policies show an
 * organization's memberships and assignments to anyone acting inside it.
 */
export async function permissionsHeldBy(trx: Transaction<Database>, holders: readonly RoleHolder[]): Promise<string[]> {
  if (holders.length === 0) return [];
  const userIds = holders.map((holder) => holder.userId);
  const organizationIds = holders.map((holder) => holder.organizationId);
  const { rows } = await sql<{ name: string }>`
    with holders as (
      select * from unnest(${userIds}::uuid[], ${organizationIds}::uuid[]) as h (user_id, organization_id)
    ),
    held_roles as (
      select r.id from holders h
      join public.organization_users ou on ou.user_id = h.user_id and ou.organization_id = h.organization_id
      join public.roles r on r.organization_id is null and r.is_system and r.name = ou.role
      union
      select ur.role_id from holders h
      join public.user_roles ur on ur.user_id = h.user_id and ur.organization_id is not distinct from h.organization_id
    )
    select distinct p.name
    from held_roles hr
    join public.role_permissions rp on rp.role_id = hr.id
    join public.permissions p on p.id = rp.permission_id
    order by p.name
  `.execute(trx);
  return rows.map((row) => row.name);
}
