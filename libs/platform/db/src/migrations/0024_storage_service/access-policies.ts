import { type Kysely, sql } from "kysely";
import { OBJECT_REWRITE_CHECK } from "./object-rewrites";

/*
 * Restrictive policies beside tenant_isolation, built on ./caller-access.ts. Each row is compared
 * with arrays computed once per statement (the (select …) initplans), so listing 10k objects costs
 * a few array look-ups per object; only an update that moves an object or changes its owner asks
 * per row (./object-rewrites.ts).
 * - objects: read needs rank 1, update 2, delete 3; a new object needs write rank on its bucket and
 *   is owned by its writer (or nobody) unless an organization admin writes it.
 * - file_metadata is read with its object and written with write rank on it.
 * - access_controls are read by whoever sees their object or bucket, written with admin rank on it.
 * - buckets are listed to the whole organization; changing or deleting one takes admin rank on it.
 * - uploads are seen by their owner and the organization's admins, and started with write rank on
 *   the bucket.
 */
const CALLER = "(select app.current_user_id())";
const ORG_ADMIN = "(select storage.caller_org_role()) in ('owner', 'admin')";

function bucketAt(rank: number, column = "bucket_id"): string {
  return `${column} = any ((select storage.caller_buckets_at(${rank}))::text[])`;
}

function objectAt(rank: number, row = ""): string {
  return `(${row}owner = ${CALLER} or ${bucketAt(rank, `${row}bucket_id`)}
    or ${row}id in (select unnest(storage.caller_objects_at(${rank}))))`;
}

function objectOf(table: string, rank: number): string {
  return `exists (select 1 from storage.objects o where o.id = ${table}.object_id and ${objectAt(rank, "o.")})`;
}

const OWNED_BY_WRITER = `(owner is null or owner = ${CALLER} or ${ORG_ADMIN})`;
const METADATA_WRITABLE = `(${objectOf("file_metadata", 2)})`;
const GRANT_VISIBLE = `(${bucketAt(1)} or ${objectOf("access_controls", 1)})`;
const GRANT_WRITABLE = `(case when bucket_id is not null then ${bucketAt(4)} else ${objectOf("access_controls", 4)} end)`;
const UPLOAD_VISIBLE = `(owner = ${CALLER} or ${ORG_ADMIN})`;

const POLICIES: [table: string, name: string, rule: string][] = [
  ["storage.objects", "object_read", `for select using ${objectAt(1)}`],
  ["storage.objects", "object_insert", `for insert with check (${bucketAt(2)} and ${OWNED_BY_WRITER})`],
  ["storage.objects", "object_update", `for update using ${objectAt(2)} with check ${OBJECT_REWRITE_CHECK}`],
  ["storage.objects", "object_delete", `for delete using ${objectAt(3)}`],
  ["public.file_metadata", "object_read", `for select using (${objectOf("file_metadata", 1)})`],
  ["public.file_metadata", "object_insert", `for insert with check ${METADATA_WRITABLE}`],
  ["public.file_metadata", "object_update", `for update using ${METADATA_WRITABLE} with check ${METADATA_WRITABLE}`],
  ["public.file_metadata", "object_delete", `for delete using ${METADATA_WRITABLE}`],
  ["public.access_controls", "grant_read", `for select using ${GRANT_VISIBLE}`],
  ["public.access_controls", "grant_insert", `for insert with check ${GRANT_WRITABLE}`],
  ["public.access_controls", "grant_update", `for update using ${GRANT_WRITABLE} with check ${GRANT_WRITABLE}`],
  ["public.access_controls", "grant_delete", `for delete using ${GRANT_WRITABLE}`],
  // Buckets are made by those who run the organization (storage:manage belongs to owners and admins).
  ["storage.buckets", "bucket_insert", `for insert with check (${ORG_ADMIN} and ${OWNED_BY_WRITER})`],
  ["storage.buckets", "bucket_update", `for update using (${bucketAt(4, "id")}) with check (${bucketAt(4, "id")})`],
  ["storage.buckets", "bucket_delete", `for delete using (${bucketAt(4, "id")})`],
  [
    "storage.uploads",
    "upload_access",
    `for all using ${UPLOAD_VISIBLE} with check (${bucketAt(2)} and ${UPLOAD_VISIBLE})`,
  ],
];

/** Adds the storage access policies. */
export async function createAccessPolicies(db: Kysely<unknown>): Promise<void> {
  for (const [table, name, rule] of POLICIES) {
    await sql`create policy ${sql.id(name)} on ${sql.table(table)} as restrictive ${sql.raw(rule)}`.execute(db);
  }
}

/** Reverses createAccessPolicies. */
export async function dropAccessPolicies(db: Kysely<unknown>): Promise<void> {
  for (const [table, name] of [...POLICIES].reverse()) {
    await sql`drop policy ${sql.id(name)} on ${sql.table(table)}`.execute(db);
  }
}
