import type { AccessGrant } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";

/**
 * Whether a grant's entity is part of the organization: one of its members, one of its teams,
 * a role it can use (global or its own), or the organization itself.
 */
export async function entityBelongsToOrganization(
  trx: Transaction<Database>,
  organizationId: string,
  entity: { entityType: AccessGrant["entityType"]; entityId: string },
): Promise<boolean> {
  const { entityType, entityId } = entity;
  switch (entityType) {
    case "organization":
      return entityId === organizationId;
    case "user":
      return (
        (await trx
          .selectFrom("organization_users")
          .select("user_id")
          .where("organization_id", "=", organizationId)
          .where("user_id", "=", entityId)
          .executeTakeFirst()) !== undefined
      );
    case "team":
      return (
        (await trx
          .selectFrom("teams")
          .select("id")
          .where("organization_id", "=", organizationId)
          .where("id", "=", entityId)
          .executeTakeFirst()) !== undefined
      );
    case "role":
      return (
        (await trx
          .selectFrom("roles")
          .select("id")
          .where("id", "=", entityId)
          .where((eb) => eb.or([eb("organization_id", "is", null), eb("organization_id", "=", organizationId)]))
          .executeTakeFirst()) !== undefined
      );
  }
}
