import { type Kysely, sql } from "kysely";

/*
 * Tightens two storage rules of 0024:
 * - buckets are created only by the organization's owners and admins (storage:manage is theirs),
 *   no longer by any member who names themselves the owner;
 * - an object's ownership passes only from its owner or an organization owner or admin. An admin
 *   grant on the object no longer suffices: its holder could take the object over and keep it
 *   after the grant is revoked.
 */

const ORG_ADMIN = "(select storage.caller_org_role()) in ('owner', 'admin')";
const OWNED_BY_WRITER_0024 = `(owner is null or owner = (select app.current_user_id()) or ${ORG_ADMIN})`;

function rewriteCheck(ownerChange: string) {
  return sql`
    create or replace function storage.caller_may_rewrite_object(p_object uuid, p_bucket text, p_owner uuid)
      returns boolean
      language plpgsql stable security definer
      set search_path = pg_catalog, pg_temp
      as $$
      declare
        v_before storage.objects%rowtype;
      begin
        select * into v_before from storage.objects o where o.id = p_object and o.organization_id = app.current_org_id();
        if not found then
          return false;
        end if;
        return (p_bucket = v_before.bucket_id
            or (select coalesce(max(r.rank), 0) from storage.caller_bucket_ranks() r where r.bucket_id = p_bucket) >= 2)
          and (p_owner is not distinct from v_before.owner or ${sql.raw(ownerChange)});
      end
      $$;
  `;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter policy bucket_insert on storage.buckets with check (${sql.raw(ORG_ADMIN)})`.execute(db);
  await rewriteCheck(
    "v_before.owner = app.current_user_id() or storage.caller_org_role() in ('owner', 'admin')",
  ).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await rewriteCheck("storage.caller_access_rank(v_before.bucket_id, v_before.id, v_before.owner) >= 4").execute(db);
  await sql`alter policy bucket_insert on storage.buckets with check ${sql.raw(OWNED_BY_WRITER_0024)}`.execute(db);
}
