import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, type TenantFixture } from "../tenancy/fixtures/core";
import { userAsCaller, withSystem } from "../tenant";

let database: TestDatabase;
let alpha: TenantFixture;
let bravo: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  await withSystem(database.db, async (trx) => {
    alpha = await createTenant(trx, "overview-alpha");
    bravo = await createTenant(trx, "overview-bravo");
  });
});

afterAll(async () => {
  await database?.destroy();
});

describe("app.user_overview_as (0031)", () => {
  it("answers for the caller its argument sets, in one statement outside a transaction", async () => {
    const { rows } = await sql<{ id: string; organizations: { organizationId: string }[] }>`
      select id, organizations from app.user_overview_as(${userAsCaller(alpha.userId)})
    `.execute(database.db);
    expect(rows.map((row) => row.id)).toEqual([alpha.userId]);
    expect(rows[0]!.organizations.map((organization) => organization.organizationId)).toEqual([alpha.organizationId]);
  });

  it("answers nothing for a user named without being the statement's caller", async () => {
    const named = await sql`select id from app.user_overview_as(${bravo.userId}::uuid)`.execute(database.db);
    expect(named.rows).toEqual([]);
    const mismatched = await sql`
      select id from app.user_overview_as((select ${bravo.userId}::uuid from set_config('app.user_id', ${alpha.userId}, true)))
    `.execute(database.db);
    expect(mismatched.rows).toEqual([]);
  });

  it("leaves no caller behind on the connection after the statement", async () => {
    await database.db.connection().execute(async (connection) => {
      await sql`select id from app.user_overview_as(${userAsCaller(alpha.userId)})`.execute(connection);
      const { rows } = await sql<{ caller: string | null }>`
        select nullif(current_setting('app.user_id', true), '') as caller
      `.execute(connection);
      expect(rows).toEqual([{ caller: null }]);
    });
  });
});
