import { withSystem, type Database } from "@cauldron/db";
import type { Kysely } from "kysely";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the organization whose slug this is. Read as the system role because the caller is not
 * admitted anywhere yet; the answer only names an id, which admission then checks like any other.
 */
export function organizationIdBySlug(db: Kysely<Database>, slug: string): Promise<string | undefined> {
  return withSystem(db, async (trx) => {
    const row = await trx.selectFrom("organizations").select("id").where("slug", "=", slug).executeTakeFirst();
    return row?.id;
  });
}

/** The organization an id or slug names, or undefined when no organization has that slug. */
export async function resolveOrganizationReference(
  db: Kysely<Database>,
  reference: string,
): Promise<string | undefined> {
  return UUID.test(reference) ? reference.toLowerCase() : organizationIdBySlug(db, reference);
}
