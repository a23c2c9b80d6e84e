import { type Kysely, sql } from "kysely";
import { createSupabaseAuthTables, dropSupabaseAuthTables } from "./supabase/auth-tables";
import { createStorageTables, dropStorageTables } from "./supabase/storage-tables";

/*
 * Supabase integration: auth.* mirrors Supabase users so their tokens map to app users
 * (public.user_mappings), and storage.* with file metadata and access controls, owned per organization.
 */

const TABLES = [
  "auth.users",
  "auth.sessions",
  "auth.identities",
  "public.user_mappings",
  "storage.buckets",
  "storage.objects",
  "public.file_metadata",
  "public.access_controls",
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await createSupabaseAuthTables(db);
  await createStorageTables(db);
  for (const table of TABLES) {
    await sql`grant select, insert, update, delete on ${sql.raw(table)} to cauldron_app, cauldron_system`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropStorageTables(db);
  await dropSupabaseAuthTables(db);
}
