import { type Kysely, sql } from "kysely";

/*
 * The seed's last five schemas, reserved for modules beyond the six services:
 *   command_cauldron (agents), synapse (business intelligence), aegis (security),
 *   supabase (Supabase's own objects beside auth and storage), realtime (subscription state).
 * Each is created, owned and granted like the module schemas of 0001 (the migrating owner owns
 * it; the services' and the system role get USAGE), and none holds a table yet, so a module that
 * arrives later starts from the same footing instead of creating its schema at run time.
 *
 * Resumable subscriptions keep nothing here: they resume from the Redis Stream of domain events,
 * whose entry ids are assigned in append order (a Postgres sequence is not: a transaction that
 * commits late would slip behind a reader's cursor). A table added here later must carry
 * row-level security; apply_org_rls/apply_user_rls (0016) force it, and the tenant-table registry
 * test covers these schemas.
 */

const RESERVED_SCHEMAS = {
  command_cauldron: "Reserved for the agents module (Command Cauldron).",
  synapse: "Reserved for the business intelligence module (Synapse).",
  aegis: "Reserved for the security module (Aegis).",
  supabase: "Reserved for Supabase's own objects beside the auth and storage schemas.",
  realtime: "Reserved for realtime subscription state; subscriptions resume from the event stream today.",
} as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [schema, purpose] of Object.entries(RESERVED_SCHEMAS)) {
    await sql`create schema ${sql.id(schema)}`.execute(db);
    await sql`grant usage on schema ${sql.id(schema)} to cauldron_app, cauldron_system`.execute(db);
    await sql`comment on schema ${sql.id(schema)} is ${sql.lit(purpose)}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const schema of Object.keys(RESERVED_SCHEMAS).reverse()) {
    await sql`drop schema ${sql.id(schema)}`.execute(db);
  }
}
