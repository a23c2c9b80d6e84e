import { type Kysely, sql } from "kysely";

/*
 * Indexes the org service's queries need:
 * - members are listed in the order they joined, page by page (keyset on created_at, id);
 * - an email has at most one open invitation per organization, so a second invite is a clear
 *   conflict (or an explicit resend) rather than two live tokens;
 * - the audit log pages newest first by (created_at, id).
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index organization_users_organization_joined_idx
      on public.organization_users (organization_id, created_at, id);

    create unique index organization_invitations_open_email_key
      on public.organization_invitations (organization_id, lower(email))
      where accepted_at is null and revoked_at is null and declined_at is null;

    create index audit_logs_organization_created_id_idx
      on audit.audit_logs (organization_id, created_at desc, id desc);
    drop index audit.audit_logs_organization_created_idx;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index audit_logs_organization_created_idx on audit.audit_logs (organization_id, created_at desc);
    drop index audit.audit_logs_organization_created_id_idx;
    drop index public.organization_invitations_open_email_key;
    drop index public.organization_users_organization_joined_idx;
  `.execute(db);
}
