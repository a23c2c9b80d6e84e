import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "./pool";
import type { Database } from "./schema/database.generated";
import { InvalidTenantError, withSystem, withTenant } from "./tenant";

let database: TestDatabase;
// One connection, so a later query is sure to reuse the connection withTenant ran on.
let single: Kysely<Database>;

beforeAll(async () => {
  database = await createTestDatabase();
  single = createDatabase({ url: database.appUrl, poolMax: 1 });
});

afterAll(async () => {
  await single?.destroy();
  await database?.destroy();
});

const USER = "0f8e4c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b";
const ORG = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";

async function tenancySettings(db: Kysely<Database>) {
  const { rows } = await sql<{ user_id: string | null; org_id: string | null; role: string }>`
    select app.current_user_id() as user_id, app.current_org_id() as org_id, current_user as role
  `.execute(db);
  return rows[0];
}

describe("withTenant", () => {
  it("sets the user and organization for the transaction, as the app role", async () => {
    const seen = await withTenant(single, { userId: USER, organizationId: ORG }, tenancySettings);
    expect(seen).toEqual({ user_id: USER, org_id: ORG, role: "cauldron_app" });
  });

  it("leaves no tenant behind on the connection once the transaction ends", async () => {
    await withTenant(single, { userId: USER, organizationId: ORG }, tenancySettings);
    expect(await tenancySettings(single)).toEqual({ user_id: null, org_id: null, role: "cauldron_app" });
  });

  it("accepts a user without an active organization", async () => {
    const seen = await withTenant(single, { userId: USER, organizationId: null }, tenancySettings);
    expect(seen).toMatchObject({ user_id: USER, org_id: null });
  });

  it("normalises upper-case UUIDs", async () => {
    const seen = await withTenant(
      single,
      { userId: USER.toUpperCase(), organizationId: ORG.toUpperCase() },
      tenancySettings,
    );
    expect(seen).toMatchObject({ user_id: USER, org_id: ORG });
  });

  it.each([
    ["an SQL fragment", { userId: "' or true --", organizationId: ORG }, "userId"],
    ["an empty string", { userId: "", organizationId: ORG }, "userId"],
    ["a number", { userId: 42 as unknown as string, organizationId: ORG }, "userId"],
    ["a UUID with trailing text", { userId: USER, organizationId: `${ORG}x` }, "organizationId"],
  ])("rejects %s as a tenant id before sending any SQL", async (_label, tenant, field) => {
    let called = false;
    const attempt = withTenant(single, tenant, async () => {
      called = true;
    });
    await expect(attempt).rejects.toBeInstanceOf(InvalidTenantError);
    await expect(attempt).rejects.toThrow(field);
    expect(called).toBe(false);
  });

  it("rolls back everything when the work throws", async () => {
    const attempt = withTenant(single, { userId: USER, organizationId: ORG }, async (trx) => {
      await trx
        .insertInto("integration.outbox")
        .values({ event_type: "x", aggregate_type: "y", payload: {}, organization_id: ORG })
        .execute();
      throw new Error("boom");
    });
    await expect(attempt).rejects.toThrow("boom");
    const events = await withSystem(single, (trx) => trx.selectFrom("integration.outbox").select("id").execute());
    expect(events).toHaveLength(0);
  });
});

describe("withSystem", () => {
  it("runs as cauldron_system and returns to the app role afterwards", async () => {
    const inside = await withSystem(single, tenancySettings);
    expect(inside?.role).toBe("cauldron_system");
    expect((await tenancySettings(single))?.role).toBe("cauldron_app");
  });
});
