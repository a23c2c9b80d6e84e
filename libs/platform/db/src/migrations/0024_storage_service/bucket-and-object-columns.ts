import { type Kysely, sql } from "kysely";

/**
 * Buckets say whether their text-like objects feed the knowledge base and what every member of
 * the organization may do with their objects beside explicit grants. Objects carry the version of
 * their bytes (each replace writes under a new key, so readers of the old bytes are never cut off)
 * and the Cache-Control a download answers with. (organization_id, created_at) replaces the plain
 * organization_id index: it serves the same look-ups and lists an organization's newest objects.
 * Prefix listing needs no organization column: bucket ids are unique across organizations, so
 * 0003's (bucket_id, name text_pattern_ops) already serves it.
 */
export async function addBucketAndObjectColumns(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table storage.buckets
      add column knowledge_source boolean not null default false,
      add column default_access varchar(16) not null default 'write'
        check (default_access in ('none', 'read', 'write', 'delete', 'admin'));
    comment on column storage.buckets.knowledge_source is 'objects of text, markdown, HTML or PDF types are handed to the lore service';
    comment on column storage.buckets.default_access is 'what every organization member may do with the objects, beside grants';

    alter table storage.objects
      add column version uuid not null default gen_random_uuid(),
      add column cache_control text;
    comment on column storage.objects.version is 'names the stored bytes; a replace writes a new version under a new key';
    create index objects_organization_created_idx on storage.objects (organization_id, created_at);
    drop index storage.objects_organization_id_idx;
  `.execute(db);
}

/** Reverses addBucketAndObjectColumns. */
export async function dropBucketAndObjectColumns(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index objects_organization_id_idx on storage.objects (organization_id);
    drop index storage.objects_organization_created_idx;
    alter table storage.objects drop column cache_control, drop column version;
    alter table storage.buckets drop column default_access, drop column knowledge_source;
  `.execute(db);
}
