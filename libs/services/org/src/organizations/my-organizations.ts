import type { MyOrganization, OrganizationRole, Page } from "@cauldron/contracts";
import { decodeNameCursor, pastNameKey, toPage, type Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { ORGANIZATION_COLUMNS, toOrganization } from "./organization-record";

/** The organizations a user belongs to, with their role in each, by name a page at a time. */
export async function listMyOrganizations(
  trx: Transaction<Database>,
  userId: string,
  input: { limit: number; cursor?: string; includeArchived: boolean },
): Promise<Page<MyOrganization>> {
  const after = decodeNameCursor(input.cursor);
  const rows = await trx
    .selectFrom("organizations")
    .innerJoin("organization_users", "organization_users.organization_id", "organizations.id")
    .select([...ORGANIZATION_COLUMNS, "organization_users.role"])
    .where("organization_users.user_id", "=", userId)
    .$if(!input.includeArchived, (query) => query.where("organizations.archived_at", "is", null))
    .where(pastNameKey({ name: "organizations.name", id: "organizations.id" }, after))
    .orderBy("organizations.name")
    .orderBy("organizations.id")
    .limit(input.limit + 1)
    .execute();
  return toPage(
    rows,
    input.limit,
    (row) => ({ ...toOrganization(row), role: row.role as OrganizationRole }),
    (row) => ({ name: row.name, id: row.id }),
  );
}
