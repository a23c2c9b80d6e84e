import { type Kysely, sql } from "kysely";

/**
 * storage.uploads: resumable (TUS) uploads in progress. One upload holds a path in its bucket, so a
 * second concurrent upload to the same path is a unique violation the service answers as a
 * conflict; the parts live in the byte store until the last one lands and the object row is
 * written. expires_at lets a job sweep abandoned uploads and their parts.
 */
export async function createUploadTable(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table storage.uploads (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references public.organizations (id) on delete cascade,
      bucket_id text not null,
      object_name text not null check (length(object_name) > 0 and object_name !~ '(^/|/$|//)'),
      owner uuid references public.users (id) on delete set null,
      upload_length bigint not null check (upload_length >= 0),
      upload_offset bigint not null default 0 check (upload_offset between 0 and upload_length),
      part_count integer not null default 0 check (part_count >= 0),
      content_type text,
      cache_control text,
      upsert boolean not null default false,
      metadata jsonb not null default '{}',
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (bucket_id, object_name),
      foreign key (bucket_id, organization_id) references storage.buckets (id, organization_id) on delete cascade
    );
    create index uploads_organization_id_idx on storage.uploads (organization_id);
    create index uploads_owner_idx on storage.uploads (owner);
    create index uploads_expires_at_idx on storage.uploads (expires_at);
    create trigger touch_updated_at before update on storage.uploads
      for each row execute function app.touch_updated_at();
    select app.apply_org_rls('storage.uploads'::regclass);
    grant select, insert, update, delete on storage.uploads to cauldron_app, cauldron_system;
  `.execute(db);
}

/** Reverses createUploadTable. */
export async function dropUploadTable(db: Kysely<unknown>): Promise<void> {
  await sql`drop table storage.uploads`.execute(db);
}
