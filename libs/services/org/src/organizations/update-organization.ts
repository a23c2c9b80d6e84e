import type { Organization, UpdateOrganizationInput } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { OrganizationWriteContext } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import { ORGANIZATION_COLUMNS, isSlugTaken, toOrganization } from "./organization-record";
import { slugTakenError } from "./organization-refusals";

type Caller = OrganizationWriteContext & {
  organizationId: string;
  tenant<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
};

/** Changes the organization's name, slug, description or logo; a slug in use elsewhere is refused. */
export async function updateOrganization(caller: Caller, input: UpdateOrganizationInput): Promise<Organization> {
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.slug !== undefined ? { slug: input.slug } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.logoUrl !== undefined ? { logo_url: input.logoUrl } : {}),
  };
  try {
    return await caller.tenant(async (trx) => {
      const row = await trx
        .updateTable("organizations")
        .set(changes)
        .where("id", "=", caller.organizationId)
        .returning(ORGANIZATION_COLUMNS)
        .executeTakeFirstOrThrow();
      const changedFields = Object.keys(changes);
      await caller.record(trx, {
        action: "organization.updated",
        target: { type: "organization", id: caller.organizationId },
        metadata: { changes: input },
        events: [
          {
            name: "organization.updated",
            payload: { organizationId: caller.organizationId, changedFields, updatedByUserId: caller.actorUserId },
          },
        ],
      });
      return toOrganization(row);
    });
  } catch (error) {
    if (input.slug && isSlugTaken(error)) throw slugTakenError(input.slug);
    throw error;
  }
}
