import type { Database } from "@cauldron/db";
import type { OrganizationRole } from "@cauldron/contracts";
import type { Transaction } from "kysely";

/**
 * Locks the active organization's row until commit, so changes to its owners happen one at a
 * time and the last-owner rule cannot be raced; answers whether it is archived by now (an archive
 * that committed while the change waited for the lock).
 */
export async function lockOrganization(
  trx: Transaction<Database>,
  organizationId: string,
): Promise<{ archived: boolean }> {
  const row = await trx
    .selectFrom("organizations")
    .select("archived_at")
    .where("id", "=", organizationId)
    .forUpdate()
    .executeTakeFirst();
  return { archived: row?.archived_at != null };
}

/** Whether an organization is archived; for changes made outside its write procedures (accepting an invitation). */
export async function isOrganizationArchived(trx: Transaction<Database>, organizationId: string): Promise<boolean> {
  const row = await trx
    .selectFrom("organizations")
    .select("archived_at")
    .where("id", "=", organizationId)
    .executeTakeFirst();
  return row?.archived_at != null;
}

/** The role a user holds in the active organization, or null when they are not a member. */
export async function membershipRole(
  trx: Transaction<Database>,
  organizationId: string,
  userId: string,
): Promise<OrganizationRole | null> {
  const row = await trx
    .selectFrom("organization_users")
    .select("role")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return (row?.role as OrganizationRole | undefined) ?? null;
}

/** How many owners the organization has (call with the organization locked). */
export async function ownerCount(trx: Transaction<Database>, organizationId: string): Promise<number> {
  const row = await trx
    .selectFrom("organization_users")
    .select((eb) => eb.fn.countAll<number>().as("owners"))
    .where("organization_id", "=", organizationId)
    .where("role", "=", "owner")
    .executeTakeFirstOrThrow();
  return Number(row.owners);
}
