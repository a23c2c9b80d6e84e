import { organizationSlugSchema } from "@cauldron/contracts";
import { withSystem, type Database } from "@cauldron/db";
import type { Kysely } from "kysely";

/** An organization a URL or query names by id or slug. */
export interface ReferencedOrganization {
  id: string;
  archived: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The organization whose id or slug this is, or undefined. Read as the system role because nobody
 * is admitted anywhere yet; the answer only names an organization, which admission (or a signed
 * link's claims) then checks like any other.
 */
export async function findOrganizationByReference(
  db: Kysely<Database>,
  reference: string,
): Promise<ReferencedOrganization | undefined> {
  const byId = UUID.test(reference);
  if (!byId && !organizationSlugSchema.safeParse(reference).success) return undefined;
  const row = await withSystem(db, (trx) =>
    trx
      .selectFrom("organizations")
      .select(["id", "archived_at"])
      .where(byId ? "id" : "slug", "=", byId ? reference.toLowerCase() : reference)
      .executeTakeFirst(),
  );
  return row && { id: row.id, archived: row.archived_at !== null };
}
