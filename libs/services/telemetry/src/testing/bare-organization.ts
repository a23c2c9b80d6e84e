import { randomBytes } from "node:crypto";
import { withSystem, type Database } from "@cauldron/db";
import type { Kysely } from "kysely";

/** A user and the organization they created, written straight into a test database without any service. */
export function createBareOrganization(db: Kysely<Database>): Promise<{ userId: string; organizationId: string }> {
  return withSystem(db, async (trx) => {
    const suffix = randomBytes(4).toString("hex");
    const user = await trx
      .insertInto("users")
      .values({ email: `native-${suffix}@example.test`, display_name: "Native", email_verified_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const organization = await trx
      .insertInto("organizations")
      .values({ name: `Native ${suffix}`, slug: `native-${suffix}`, created_by: user.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { userId: user.id, organizationId: organization.id };
  });
}
