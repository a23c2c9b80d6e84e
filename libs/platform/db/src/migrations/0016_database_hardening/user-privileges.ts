import { type Kysely, sql } from "kysely";

/**
 * public.users under a tenant's transaction:
 * - the services' role may change only the display name; password hash, MFA, verification, reset,
 *   lock-out and disabled columns change only through withSystem (auth's credential flows);
 * - besides themself and the people they share an organization with, a caller acting in an
 *   organization sees that organization's members. The active organization is set only after the
 *   caller was authorized for it, which is how platform administrators and services, who need not
 *   be members, list the members of an organization they look after.
 */
export async function restrictUserWrites(db: Kysely<unknown>): Promise<void> {
  await sql`
    revoke update on public.users from cauldron_app;
    grant update (display_name) on public.users to cauldron_app;

    drop policy users_read on public.users;
    create policy users_read on public.users for select
      using (
        id = app.current_user_id()
        or exists (
          select 1 from public.organization_users ou
          where ou.organization_id = app.current_org_id() and ou.user_id = users.id
        )
        or app.shares_organization_with(id)
      );
  `.execute(db);
}

/** Restores the table-wide UPDATE grant and 0002's read policy. */
export async function restoreUserWrites(db: Kysely<unknown>): Promise<void> {
  await sql`
    revoke update (display_name) on public.users from cauldron_app;
    grant update on public.users to cauldron_app;

    drop policy users_read on public.users;
    create policy users_read on public.users for select
      using (id = app.current_user_id() or app.shares_organization_with(id));
  `.execute(db);
}
