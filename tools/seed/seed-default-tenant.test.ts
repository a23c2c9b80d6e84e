import { createDatabase, type Database } from "@cauldron/db";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForeignAdminAccountError, seedDefaultTenant } from "./seed-default-tenant";

let database: TestDatabase;
// The seed runs with the owner's own connection, as `npm start` gives it.
let owner: Kysely<Database>;

beforeAll(async () => {
  database = await createTestDatabase();
  owner = createDatabase({ url: database.ownerUrl, poolMax: 1, applicationName: "cauldron-test-seed" });
});

afterAll(async () => {
  await owner?.destroy();
  await database?.destroy();
});

async function globalRoles(userId: string): Promise<string[]> {
  const rows = await database.ownerDb
    .selectFrom("user_roles")
    .innerJoin("roles", "roles.id", "user_roles.role_id")
    .select("roles.name")
    .where("user_roles.user_id", "=", userId)
    .where("user_roles.organization_id", "is", null)
    .execute();
  return rows.map((row) => row.name);
}

describe("seedDefaultTenant", () => {
  it("creates the admin and the default organization, and on later runs adopts that same admin", async () => {
    const admin = { email: "admin@seed.test", password: "a seeded admin passphrase" };
    const first = await seedDefaultTenant(owner, admin);
    expect(first.createdAdmin).toBe(true);
    expect(await globalRoles(first.adminUserId)).toEqual(["platform_admin"]);
    const again = await seedDefaultTenant(owner, admin);
    expect(again).toEqual({ ...first, createdAdmin: false });
  });

  it("refuses to make an account it did not create an administrator, and grants it nothing", async () => {
    const stranger = await database.ownerDb
      .insertInto("users")
      .values({ email: "first-come@seed.test", display_name: "Signed up first" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const seeding = seedDefaultTenant(owner, { email: "First-Come@seed.test", password: "whatever it is" });
    await expect(seeding).rejects.toThrow(ForeignAdminAccountError);
    await expect(seeding).rejects.toThrow(/belongs to an account the seed did not create.*CAULDRON_ADMIN_EMAIL/);
    expect(await globalRoles(stranger.id)).toEqual([]);
    const memberships = await database.ownerDb
      .selectFrom("organization_users")
      .select("organization_id")
      .where("user_id", "=", stranger.id)
      .execute();
    expect(memberships).toEqual([]);
  });
});
