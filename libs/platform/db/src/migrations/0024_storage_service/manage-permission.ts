import { type Kysely, sql } from "kysely";

const ROLES_THAT_MANAGE = ["owner", "admin", "platform_admin"];

/** `storage:manage` (buckets, grants, quotas) for the built-in roles that run an organization. */
export async function addManagePermission(db: Kysely<unknown>): Promise<void> {
  // Since 0016 the owner is held to RLS too; access rows are the system role's to write.
  await sql`set local role cauldron_system`.execute(db);
  await sql`
    with permission as (
      insert into public.permissions (name, description)
      values ('storage:manage', 'Create and configure buckets, grant access to files, set storage quotas')
      returning id
    )
    insert into public.role_permissions (role_id, permission_id)
    select roles.id, permission.id from permission, public.roles
    where roles.organization_id is null and roles.is_system and roles.name = any(${ROLES_THAT_MANAGE}::text[])
  `.execute(db);
  await sql`reset role`.execute(db);
}

export async function dropManagePermission(db: Kysely<unknown>): Promise<void> {
  await sql`set local role cauldron_system`.execute(db);
  await sql`delete from public.permissions where name = 'storage:manage'`.execute(db);
  await sql`reset role`.execute(db);
}
