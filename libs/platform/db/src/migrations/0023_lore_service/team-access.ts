import { type Kysely, sql } from "kysely";

/*
 * Team access, enforced by restrictive policies next to tenant_isolation:
 * - a document with no teams is seen by the whole organization; otherwise by members of one of
 *   its teams and by the organization's owners and admins;
 * - versions, chunks, classifications, team links, mentions and entity-document links are seen
 *   with their document;
 * - an entity found in documents is seen only while one of those documents is; an entity found
 *   in none (created by hand) is seen by the organization; a relationship is seen with both ends.
 * The caller's teams and admin standing are read once per statement (an initplan around a
 * SECURITY DEFINER function owned by cauldron_system). documents.team_ids is kept by statement
 * triggers on document_teams, so replacing a document's teams in one statement never hides the
 * document from the writer halfway through.
 */

const DOCUMENT_VISIBLE = `cardinality(team_ids) = 0
  or team_ids && (select app.caller_team_ids())
  or (select app.caller_sees_all_documents())`;

const CHILDREN_OF_DOCUMENTS = [
  "document_versions",
  "document_chunks",
  "document_category_associations",
  "document_tag_associations",
  "document_teams",
  "entity_mentions",
  "entity_document_associations",
];

async function createDefinerFunctions(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function app.caller_team_ids() returns uuid[]
      language sql stable security definer
      set search_path = pg_catalog, public, pg_temp
      as $$
        select coalesce(array_agg(tm.team_id), '{}') from public.team_members tm
        where tm.user_id = app.current_user_id() and tm.organization_id = app.current_org_id()
      $$;

    create function app.caller_sees_all_documents() returns boolean
      language sql stable security definer
      set search_path = pg_catalog, public, pg_temp
      as $$
        select exists (
          select 1 from public.organization_users ou
          where ou.user_id = app.current_user_id() and ou.organization_id = app.current_org_id()
            and ou.role in ('owner', 'admin')
        )
      $$;

    create function lore.document_hidden_from_caller(p_document uuid) returns boolean
      language sql stable security definer
      set search_path = pg_catalog, pg_temp
      as $$
        select exists (
          select 1 from lore.documents d
          where d.id = p_document and d.organization_id = app.current_org_id()
            and cardinality(d.team_ids) > 0
            and not d.team_ids && app.caller_team_ids()
            and not app.caller_sees_all_documents()
        )
      $$;

    create function lore.entity_found_in_documents(p_entity uuid) returns boolean
      language sql stable security definer
      set search_path = pg_catalog, pg_temp
      as $$ select exists (select 1 from lore.entity_document_associations where entity_id = p_entity) $$;

    create function lore.sync_document_team_ids() returns trigger
      language plpgsql security definer
      set search_path = pg_catalog, pg_temp
      as $$
      begin
        update lore.documents d
        set team_ids = coalesce(
          (select array_agg(dt.team_id order by dt.team_id) from lore.document_teams dt where dt.document_id = d.id),
          '{}')
        where d.id in (select document_id from changed_rows);
        return null;
      end
      $$;

    create trigger sync_team_ids_after_insert after insert on lore.document_teams
      referencing new table as changed_rows for each statement execute function lore.sync_document_team_ids();
    create trigger sync_team_ids_after_update after update on lore.document_teams
      referencing old table as changed_rows for each statement execute function lore.sync_document_team_ids();
    create trigger sync_team_ids_after_delete after delete on lore.document_teams
      referencing old table as changed_rows for each statement execute function lore.sync_document_team_ids();
  `.execute(db);
  await sql`grant create on schema app, lore to cauldron_system`.execute(db);
  for (const fn of [
    "app.caller_team_ids()",
    "app.caller_sees_all_documents()",
    "lore.document_hidden_from_caller(uuid)",
    "lore.entity_found_in_documents(uuid)",
    "lore.sync_document_team_ids()",
  ]) {
    await sql`alter function ${sql.raw(fn)} owner to cauldron_system`.execute(db);
    await sql`revoke execute on function ${sql.raw(fn)} from public`.execute(db);
    await sql`grant execute on function ${sql.raw(fn)} to cauldron_app, cauldron_system`.execute(db);
  }
  await sql`revoke create on schema app, lore from cauldron_system`.execute(db);
}

export async function createTeamAccessPolicies(db: Kysely<unknown>): Promise<void> {
  await createDefinerFunctions(db);
  await sql`
    create policy team_access on lore.documents as restrictive for all
      using (${sql.raw(DOCUMENT_VISIBLE)}) with check (true);
  `.execute(db);
  for (const table of CHILDREN_OF_DOCUMENTS) {
    // Writes are refused only for a document of this organization the caller may not see; any
    // other document id (another organization's, none at all) is left to the foreign key to refuse.
    const visible = `exists (select 1 from lore.documents d where d.id = ${table}.document_id)`;
    const writable = `not lore.document_hidden_from_caller(${table}.document_id)`;
    await sql`
      create policy team_access on ${sql.table(`lore.${table}`)} as restrictive for all
        using (${sql.raw(visible)}) with check (${sql.raw(writable)})
    `.execute(db);
  }
  await sql`
    create policy team_access on lore.entities as restrictive for all
      using (
        not lore.entity_found_in_documents(id)
        or exists (select 1 from lore.entity_document_associations a where a.entity_id = entities.id)
      ) with check (true);
    create policy team_access on lore.relationships as restrictive for all
      using (
        exists (select 1 from lore.entities s where s.id = relationships.source_entity_id)
        and exists (select 1 from lore.entities t where t.id = relationships.target_entity_id)
      ) with check (
        exists (select 1 from lore.entities s where s.id = relationships.source_entity_id)
        and exists (select 1 from lore.entities t where t.id = relationships.target_entity_id)
      );
  `.execute(db);
}

export async function dropTeamAccessPolicies(db: Kysely<unknown>): Promise<void> {
  for (const table of ["documents", ...CHILDREN_OF_DOCUMENTS, "entities", "relationships"]) {
    await sql`drop policy team_access on ${sql.table(`lore.${table}`)}`.execute(db);
  }
  await sql`
    drop trigger sync_team_ids_after_delete on lore.document_teams;
    drop trigger sync_team_ids_after_update on lore.document_teams;
    drop trigger sync_team_ids_after_insert on lore.document_teams;
    drop function lore.sync_document_team_ids();
    drop function lore.entity_found_in_documents(uuid);
    drop function lore.document_hidden_from_caller(uuid);
    drop function app.caller_sees_all_documents();
    drop function app.caller_team_ids();
  `.execute(db);
}
