import type { Database } from "@cauldron/db";
import type { OrganizationRole } from "@cauldron/contracts";
import { TRPCError } from "@trpc/server";
import type { Transaction } from "kysely";

/**
 * Reads the active organization before a change and refuses archived ones. With `lock`, holds
 * the organization row until commit, so changes to its owners happen one at a time and the
 * last-owner rule cannot be raced.
 */
export async function requireWritableOrganization(
  trx: Transaction<Database>,
  organizationId: string,
  options: { lock?: boolean } = {},
): Promise<{ id: string; name: string; slug: string }> {
  const query = trx
    .selectFrom("organizations")
    .select(["id", "name", "slug", "archived_at"])
    .where("id", "=", organizationId);
  const organization = await (options.lock ? query.forUpdate() : query).executeTakeFirst();
  if (!organization) throw new TRPCError({ code: "NOT_FOUND", message: "Organization not found" });
  if (organization.archived_at) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: "This organization is archived; an owner must restore it before it can change",
    });
  }
  return organization;
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
