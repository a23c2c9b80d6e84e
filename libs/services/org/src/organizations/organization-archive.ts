import type { Database } from "@cauldron/db";
import type { Organization } from "@cauldron/contracts";
import { sql, type Transaction } from "kysely";
import { ORGANIZATION_COLUMNS, toOrganization } from "./organization-record";

/**
 * Archives (freezes) or restores the active organization; undefined when it is in that state
 * already. An archived organization stays readable to its members; every change but restore is
 * refused until then.
 */
export async function setArchived(
  trx: Transaction<Database>,
  organizationId: string,
  archived: boolean,
): Promise<Organization | undefined> {
  const row = await trx
    .updateTable("organizations")
    .set({ archived_at: archived ? sql<Date>`now()` : null })
    .where("id", "=", organizationId)
    .where("archived_at", archived ? "is" : "is not", null)
    .returning(ORGANIZATION_COLUMNS)
    .executeTakeFirst();
  return row && toOrganization(row);
}
