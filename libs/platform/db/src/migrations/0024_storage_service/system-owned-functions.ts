import { type Kysely, sql } from "kysely";

/**
 * Hands SECURITY DEFINER functions of schema storage to cauldron_system, which bypasses RLS, so they
 * read grants, memberships and usage the caller cannot; `callers` may execute them, nobody else.
 */
export async function handToSystemRole(
  db: Kysely<unknown>,
  functions: readonly string[],
  callers: "cauldron_app, cauldron_system" | "none",
): Promise<void> {
  // A new owner needs CREATE on the schema at the moment of the change, and no longer.
  await sql`grant create on schema storage to cauldron_system`.execute(db);
  for (const fn of functions) {
    await sql`alter function ${sql.raw(fn)} owner to cauldron_system`.execute(db);
    await sql`revoke execute on function ${sql.raw(fn)} from public`.execute(db);
    if (callers !== "none") await sql`grant execute on function ${sql.raw(fn)} to ${sql.raw(callers)}`.execute(db);
  }
  await sql`revoke create on schema storage from cauldron_system`.execute(db);
}
