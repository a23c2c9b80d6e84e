import { type Kysely, sql } from "kysely";
import { handToSystemRole } from "./system-owned-functions";

/*
 * The WITH CHECK of an object update. The policy's USING already proved write rank on the row as
 * the statement found it, and a rank depends only on the object's id, bucket and owner, so an
 * update that keeps those three (renaming, replacing the bytes, editing metadata) passes on one
 * primary-key look-up. Moving the object or changing its owner takes the full check: write rank on
 * the target bucket, as a new object would (ownership does not carry into a bucket the caller may
 * not write), and admin rank on the object to change its owner, so a write grant never lets its
 * holder take the object over. Both read the row as the statement found it: a stable function
 * sees the statement's snapshot, not the row it is writing.
 */
const FUNCTIONS = sql`
  create function storage.object_kept_in_place(p_object uuid, p_bucket text, p_owner uuid) returns boolean
    language plpgsql stable security definer
    set search_path = pg_catalog, pg_temp
    as $$
    begin
      return exists (
        select 1 from storage.objects o
        where o.id = p_object and o.organization_id = app.current_org_id()
          and o.bucket_id = p_bucket and o.owner is not distinct from p_owner);
    end
    $$;

  create function storage.caller_may_rewrite_object(p_object uuid, p_bucket text, p_owner uuid) returns boolean
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
        -- Ownership passes only from its holder or an organization owner or admin: an admin grant
        -- must not let its holder keep the object after the grant is revoked.
        and (p_owner is not distinct from v_before.owner
          or v_before.owner = app.current_user_id()
          or storage.caller_org_role() in ('owner', 'admin'));
    end
    $$;
`;

const REWRITE_FUNCTIONS = [
  "storage.object_kept_in_place(uuid, text, uuid)",
  "storage.caller_may_rewrite_object(uuid, text, uuid)",
];

/** The policy expression an object update's new row must pass. */
export const OBJECT_REWRITE_CHECK =
  "(storage.object_kept_in_place(id, bucket_id, owner) or storage.caller_may_rewrite_object(id, bucket_id, owner))";

/** Creates the functions behind OBJECT_REWRITE_CHECK. */
export async function createObjectRewriteFunctions(db: Kysely<unknown>): Promise<void> {
  await FUNCTIONS.execute(db);
  await handToSystemRole(db, REWRITE_FUNCTIONS, "cauldron_app, cauldron_system");
}

/** Reverses createObjectRewriteFunctions. */
export async function dropObjectRewriteFunctions(db: Kysely<unknown>): Promise<void> {
  for (const fn of [...REWRITE_FUNCTIONS].reverse()) {
    await sql`drop function ${sql.raw(fn)}`.execute(db);
  }
}
