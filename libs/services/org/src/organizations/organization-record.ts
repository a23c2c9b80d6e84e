import type { Database } from "@cauldron/db";
import type { Organization } from "@cauldron/contracts";
import type { Selectable, Transaction } from "kysely";

type OrganizationRow = Pick<
  Selectable<Database["organizations"]>,
  "id" | "name" | "slug" | "description" | "logo_url" | "archived_at" | "created_at" | "updated_at"
>;

/** The organization columns every read returns. */
export const ORGANIZATION_COLUMNS = [
  "organizations.id",
  "organizations.name",
  "organizations.slug",
  "organizations.description",
  "organizations.logo_url",
  "organizations.archived_at",
  "organizations.created_at",
  "organizations.updated_at",
] as const;

/** Shapes a row for clients. */
export function toOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    logoUrl: row.logo_url,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Reads the active organization (RLS makes any other invisible). */
export async function loadOrganization(
  trx: Transaction<Database>,
  organizationId: string,
): Promise<Organization | undefined> {
  const row = await trx
    .selectFrom("organizations")
    .select(ORGANIZATION_COLUMNS)
    .where("id", "=", organizationId)
    .executeTakeFirst();
  return row && toOrganization(row);
}

/** Whether `error` is the unique violation of organizations.slug. */
export function isSlugTaken(error: unknown): boolean {
  const pgError = error as { code?: unknown; constraint?: unknown } | null;
  return pgError?.code === "23505" && pgError.constraint === "organizations_slug_key";
}
