import { randomUUID } from "node:crypto";
import { withTenant, type Database } from "@cauldron/db";
import type { CreateOrganizationInput, Organization } from "@cauldron/contracts";
import { recordChange, type RequestContext } from "@cauldron/rpc";
import type { Kysely } from "kysely";
import { ORGANIZATION_COLUMNS, isSlugTaken, toOrganization } from "./organization-record";
import { slugTakenError } from "./organization-refusals";
import { slugFromName, suffixedSlug } from "./organization-slug";

const DERIVED_SLUG_ATTEMPTS = 4;

type Caller = Pick<RequestContext, "db" | "principal" | "requestId" | "ip" | "userAgent">;

/**
 * Creates an organization owned by `userId`. RLS only admits a new organization row whose id is
 * the transaction's active organization, so the id is chosen first and the whole creation runs
 * as that tenant. A slug derived from the name gets a random suffix when taken.
 */
export async function createOrganization(
  caller: Caller,
  userId: string,
  input: CreateOrganizationInput,
): Promise<Organization> {
  const baseSlug = input.slug ?? slugFromName(input.name);
  const attempts = input.slug ? 1 : DERIVED_SLUG_ATTEMPTS;
  for (let attempt = 0; ; attempt += 1) {
    const slug = attempt === 0 ? baseSlug : suffixedSlug(baseSlug);
    try {
      return await insertOrganization(caller.db, caller, userId, { ...input, slug });
    } catch (error) {
      if (!isSlugTaken(error)) throw error;
      if (attempt + 1 >= attempts) throw slugTakenError(slug);
    }
  }
}

async function insertOrganization(
  db: Kysely<Database>,
  caller: Caller,
  userId: string,
  input: CreateOrganizationInput & { slug: string },
): Promise<Organization> {
  const organizationId = randomUUID();
  return withTenant(db, { userId, organizationId }, async (trx) => {
    const row = await trx
      .insertInto("organizations")
      .values({
        id: organizationId,
        name: input.name,
        slug: input.slug,
        description: input.description ?? null,
        created_by: userId,
      })
      .returning(ORGANIZATION_COLUMNS)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("organization_users")
      .values({ organization_id: organizationId, user_id: userId, role: "owner" })
      .execute();
    await recordChange(trx, caller, {
      action: "organization.created",
      organizationId,
      target: { type: "organization", id: organizationId },
      metadata: { name: row.name, slug: row.slug },
      events: [
        {
          name: "organization.created",
          payload: { organizationId, name: row.name, slug: row.slug, createdByUserId: userId },
        },
        {
          name: "member.added",
          payload: { organizationId, userId, role: "owner", addedByUserId: userId },
          aggregate: { type: "member", id: userId },
        },
      ],
    });
    return toOrganization(row);
  });
}
