import { organizationSlugSchema } from "@cauldron/contracts";
import { withSystem, type Database } from "@cauldron/db";
import type { Request } from "express";
import type { Kysely } from "kysely";

/** The organization a URL's `/orgs/:org` names. */
export interface UrlOrganization {
  id: string;
  archived: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The organization whose id or slug this is, or undefined. Read as the system role because nobody
 * is admitted anywhere yet; the answer only names an organization, which admission or a signed
 * link's claims then check like any other.
 */
export async function findOrganization(db: Kysely<Database>, reference: string): Promise<UrlOrganization | undefined> {
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

/** The `:org` of `/orgs/:org`, as express decoded it. */
export function organizationParam(req: Request): string {
  const value: unknown = req.params.org;
  return typeof value === "string" ? value : "";
}
