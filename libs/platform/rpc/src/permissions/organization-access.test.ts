import { createTenant, withSystem, type TenantFixture } from "@cauldron/db";
import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveOrganizationAccess } from "./organization-access";

let database: TestDatabase;
let acme: TenantFixture;
let globex: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  [acme, globex] = await withSystem(database.db, async (trx) => [
    await createTenant(trx, "acme"),
    await createTenant(trx, "globex"),
  ]);
});

afterAll(async () => {
  await database?.destroy();
});

async function setMembershipRole(tenant: TenantFixture, role: string): Promise<void> {
  await database.ownerDb
    .updateTable("organization_users")
    .set({ role })
    .where("organization_id", "=", tenant.organizationId)
    .where("user_id", "=", tenant.userId)
    .execute();
}

describe("resolveOrganizationAccess", () => {
  it("grants a member the permissions of the built-in role their membership names", async () => {
    await setMembershipRole(acme, "viewer");
    const viewer = await resolveOrganizationAccess(database.db, acme.userId, acme.organizationId);
    expect(viewer?.grants).toContain("documents:read");
    expect(viewer?.grants).not.toContain("documents:delete");

    await setMembershipRole(acme, "owner");
    const owner = await resolveOrganizationAccess(database.db, acme.userId, acme.organizationId);
    expect(owner?.grants).toContain("documents:delete");
  });

  it("refuses someone who is not a member of the organization", async () => {
    expect(await resolveOrganizationAccess(database.db, acme.userId, globex.organizationId)).toBeNull();
  });

  it("refuses a disabled user at once", async () => {
    await database.ownerDb
      .updateTable("users")
      .set({ disabled_at: new Date() })
      .where("id", "=", globex.userId)
      .execute();
    expect(await resolveOrganizationAccess(database.db, globex.userId, globex.organizationId)).toBeNull();
    await database.ownerDb.updateTable("users").set({ disabled_at: null }).where("id", "=", globex.userId).execute();
  });

  it("says in the same look-up whether the organization is archived", async () => {
    expect((await resolveOrganizationAccess(database.db, globex.userId, globex.organizationId))?.archived).toBe(false);
    await database.ownerDb
      .updateTable("organizations")
      .set({ archived_at: new Date() })
      .where("id", "=", globex.organizationId)
      .execute();
    expect((await resolveOrganizationAccess(database.db, globex.userId, globex.organizationId))?.archived).toBe(true);
    await database.ownerDb
      .updateTable("organizations")
      .set({ archived_at: null })
      .where("id", "=", globex.organizationId)
      .execute();
  });

  it("lets a global role reach an organization its holder does not belong to", async () => {
    const platformAdmin = await database.ownerDb
      .selectFrom("roles")
      .select("id")
      .where("name", "=", "platform_admin")
      .where("organization_id", "is", null)
      .executeTakeFirstOrThrow();
    await database.ownerDb
      .insertInto("user_roles")
      .values({ user_id: acme.userId, role_id: platformAdmin.id, organization_id: null })
      .execute();
    const access = await resolveOrganizationAccess(database.db, acme.userId, globex.organizationId);
    expect(access?.grants).toContain("users:admin");
  });
});
