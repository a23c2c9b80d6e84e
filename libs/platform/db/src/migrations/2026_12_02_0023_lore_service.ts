import { type Kysely, sql } from "kysely";
import { createTeamAccessPolicies, dropTeamAccessPolicies } from "./0023_lore_service/team-access";

/*
 * What the lore service needs on top of 0004:
 * - documents carry their indexing status (pending / indexed / failed with the error) for the
 *   version last sent to the vector service and how many of its chunk parts await an answer, and team_ids: a copy of document_teams kept by a
 *   trigger, so the team-access policy reads one column instead of joining per row;
 * - chunks carry a content hash (generated, so no writer can get it wrong; md5 because sha256 over
 *   text is not immutable, and it is compared only among one document's own chunks), their heading path
 *   and a full-text vector, so an unchanged chunk reuses its embedding and mentions and search can
 *   rank passages;
 * - an archived document remembers the status it returns to when restored; a relationship names
 *   the chunk that evidences it;
 * - entities are found by canonical name and by alias keys (lore.name_keys: lower-cased,
 *   whitespace collapsed), so the extractor's gazetteer looks up a chunk's phrases, never the whole
 *   organization's list;
 * - team access is enforced by restrictive RLS policies (./0023_lore_service/team-access.ts).
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table lore.documents
      add column index_status text not null default 'pending'
        check (index_status in ('pending', 'indexed', 'failed')),
      add column index_error text,
      add column indexed_version integer check (indexed_version >= 1),
      add column index_parts_pending integer not null default 0 check (index_parts_pending >= 0),
      add column team_ids uuid[] not null default '{}',
      add column archived_from_status text check (archived_from_status in ('draft', 'published'));
    create index documents_org_status_idx on lore.documents (organization_id, status, updated_at desc);
    create index documents_team_ids_idx on lore.documents using gin (team_ids);

    alter table lore.document_chunks
      add column content_hash bytea generated always as (decode(md5(content), 'hex')) stored,
      add column heading_path text[] not null default '{}',
      add column search tsvector generated always as (to_tsvector('english', content)) stored;
    create index document_chunks_search_idx on lore.document_chunks using gin (search);
    create index document_chunks_hash_idx on lore.document_chunks (document_id, content_hash);

    create index document_versions_document_idx on lore.document_versions (organization_id, document_id, version desc);
    create index entity_document_associations_entity_idx on lore.entity_document_associations (entity_id);
    create index entities_org_type_idx on lore.entities (organization_id, type_id);
    create index entities_org_canonical_name_idx on lore.entities (organization_id, canonical_name);
    create function lore.name_keys(names text[]) returns text[]
      language sql immutable parallel safe
      set search_path = pg_catalog, pg_temp
      as $$
        select coalesce(array_agg(lower(btrim(regexp_replace(n, '[[:space:]]+', ' ', 'g')))), '{}') from unnest(names) n
      $$;
    create index entities_alias_keys_idx on lore.entities using gin (lore.name_keys(aliases));

    alter table lore.relationships
      add column evidence_chunk_id uuid,
      add foreign key (organization_id, evidence_chunk_id)
        references lore.document_chunks (organization_id, id) on delete set null (evidence_chunk_id);
  `.execute(db);
  await createTeamAccessPolicies(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTeamAccessPolicies(db);
  await sql`
    alter table lore.relationships drop column evidence_chunk_id;
    drop index lore.entities_alias_keys_idx;
    drop function lore.name_keys(text[]);
    drop index lore.entities_org_canonical_name_idx;
    drop index lore.entities_org_type_idx;
    drop index lore.entity_document_associations_entity_idx;
    drop index lore.document_versions_document_idx;
    drop index lore.document_chunks_hash_idx;
    drop index lore.document_chunks_search_idx;
    alter table lore.document_chunks drop column search, drop column heading_path, drop column content_hash;
    drop index lore.documents_team_ids_idx;
    drop index lore.documents_org_status_idx;
    alter table lore.documents
      drop column archived_from_status, drop column team_ids, drop column index_parts_pending, drop column indexed_version, drop column index_error, drop column index_status;
  `.execute(db);
}
