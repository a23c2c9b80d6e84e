import { type Kysely, sql } from "kysely";

/*
 * Full-text search under RLS cannot use document_chunks' GIN index: `@@` is not leakproof, so
 * Postgres checks every chunk of the organization against the team-access policy before it may
 * test the words, and a search grows with the corpus. This function finds the candidates through
 * the index instead, as cauldron_system, confined to what the policies would show the caller: the
 * active organization's current, undeleted versions of documents the caller may see. It returns
 * ids only; the search reads them back under RLS, which still decides what is shown.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`grant create on schema lore to cauldron_system`.execute(db);
  await sql`
    create function lore.caller_chunks_matching(p_query tsquery) returns setof uuid
      language sql stable security definer
      set search_path = pg_catalog, pg_temp
      rows 200
      as $$
        select c.id
        from lore.document_chunks c
        join lore.documents d on d.id = c.document_id and d.current_version = c.version
        where c.search @@ p_query
          and c.organization_id = app.current_org_id()
          and d.organization_id = app.current_org_id()
          and d.deleted_at is null
          and (
            cardinality(d.team_ids) = 0
            or d.team_ids && (select app.caller_team_ids())
            or (select app.caller_sees_all_documents())
          )
      $$;
    alter function lore.caller_chunks_matching(tsquery) owner to cauldron_system;
    revoke execute on function lore.caller_chunks_matching(tsquery) from public;
    grant execute on function lore.caller_chunks_matching(tsquery) to cauldron_app, cauldron_system;
  `.execute(db);
  await sql`revoke create on schema lore from cauldron_system`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function lore.caller_chunks_matching(tsquery)`.execute(db);
}
