import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../pool";
import type { Database } from "../schema/database.generated";
import { organizationAsCaller, withSystem, withTenant } from "../tenant";
import { createTenant, type TenantFixture } from "./fixtures/core";

let database: TestDatabase;
// The owner role itself, as migrations and tools connect (the harness's ownerDb acts as cauldron_system).
let owner: Kysely<Database>;
let alpha: TenantFixture;
let bravo: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  owner = createDatabase({ url: database.ownerUrl, poolMax: 1, applicationName: "cauldron-test-owner-role" });
  [alpha, bravo] = await withSystem(database.db, async (trx) => [
    await createTenant(trx, "alpha"),
    await createTenant(trx, "bravo"),
  ]);
});

afterAll(async () => {
  await owner?.destroy();
  await database?.destroy();
});

function sqlState(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "succeeded",
    (error: unknown) => (error as { code?: string }).code ?? String(error),
  );
}

describe("database roles", () => {
  it("gives the owner no CREATEROLE or BYPASSRLS, and the services' role no system privileges without SET ROLE", async () => {
    const { rows } = await sql<{ rolname: string; rolcreaterole: boolean; rolbypassrls: boolean; rolinherit: boolean }>`
      select rolname, rolcreaterole, rolbypassrls, rolinherit from pg_roles
      where rolname in ('cauldron_owner', 'cauldron_app') order by rolname
    `.execute(database.db);
    expect(rows).toEqual([
      { rolname: "cauldron_app", rolcreaterole: false, rolbypassrls: false, rolinherit: false },
      { rolname: "cauldron_owner", rolcreaterole: false, rolbypassrls: false, rolinherit: true },
    ]);
  });

  it("confines the tables' owner by row-level security until it switches to cauldron_system", async () => {
    const ids = [alpha.organizationId, bravo.organizationId];
    const count = (trx: Kysely<Database>) =>
      trx
        .selectFrom("organization_users")
        .select((eb) => eb.fn.countAll<number>().as("rows"))
        .where("organization_id", "in", ids);
    expect(await count(owner).executeTakeFirstOrThrow()).toEqual({ rows: 0 });
    expect(await withSystem(owner, (trx) => count(trx).executeTakeFirstOrThrow())).toEqual({ rows: 2 });
  });
});

describe("public.users under a tenant's transaction", () => {
  it("lets a user change their display name, but not their password, second factor or verification columns", async () => {
    const asAlpha = <T>(work: (trx: Kysely<Database>) => Promise<T>) =>
      withTenant(database.db, { userId: alpha.userId }, work);
    const renamed = await asAlpha((trx) =>
      trx.updateTable("users").set({ display_name: "Alpha Renamed" }).where("id", "=", alpha.userId).executeTakeFirst(),
    );
    expect(renamed.numUpdatedRows).toBe(1n);
    const sensitive = [
      ["password_hash", "'$argon2id$forged'"],
      ["mfa_totp_secret", "null"],
      ["mfa_enabled_at", "null"],
      ["mfa_recovery_code_hashes", "'{}'"],
      ["email_verified_at", "now()"],
      ["email_verification_token_hash", "'forged'"],
      ["password_reset_token_hash", "'forged'"],
      ["failed_login_attempts", "0"],
      ["locked_until", "null"],
      ["disabled_at", "null"],
      ["email", "'taken-over@example.test'"],
    ];
    for (const [column, value] of sensitive) {
      const update = asAlpha((trx) =>
        sql`update public.users set ${sql.ref(column!)} = ${sql.raw(value!)} where id = ${alpha.userId}`.execute(trx),
      );
      expect(await sqlState(update), `${column} must not be writable by the services' role`).toBe("42501");
    }
  });

  it("shows a caller acting in an organization its members, though the caller belongs to none of them", async () => {
    const outsider = await withSystem(database.db, (trx) =>
      trx.insertInto("users").values({ email: "operator@example.test" }).returning("id").executeTakeFirstOrThrow(),
    );
    const seen = (organizationId: string | null) =>
      withTenant(database.db, { userId: outsider.id, organizationId }, (trx) =>
        trx.selectFrom("users").select("id").where("id", "in", [alpha.userId, bravo.userId]).execute(),
      );
    expect(await seen(alpha.organizationId)).toEqual([{ id: alpha.userId }]);
    expect(await seen(null)).toEqual([]);
  });
});

describe("SECURITY DEFINER functions", () => {
  it("answer organization_access and user_overview for the transaction's user, never for a user an argument names", async () => {
    await withTenant(database.db, { userId: alpha.userId }, async (trx) => {
      const access = async (organizationId: string) =>
        (
          await sql<{ is_member: boolean }>`select is_member from app.organization_access(${organizationId})`.execute(
            trx,
          )
        ).rows[0]?.is_member;
      expect(await access(alpha.organizationId)).toBe(true);
      expect(await access(bravo.organizationId)).toBe(false);
      const overview = await sql<{ id: string }>`select id from app.user_overview()`.execute(trx);
      expect(overview.rows).toEqual([{ id: alpha.userId }]);
    });
    const byArgument = [
      sql`select * from app.organization_access_of(${bravo.userId}, ${bravo.organizationId})`,
      sql`select * from app.user_overview_of(${bravo.userId})`,
    ];
    for (const query of byArgument) {
      expect(await sqlState(withTenant(database.db, { userId: alpha.userId }, (trx) => query.execute(trx)))).toBe(
        "42501",
      );
    }
  });

  it("act as the caller organizationAsCaller names for that one statement only", async () => {
    await database.db.connection().execute(async (connection) => {
      const { rows } = await sql<{ is_member: boolean }>`
        select is_member from app.organization_access(${organizationAsCaller(alpha.userId, alpha.organizationId)})
      `.execute(connection);
      expect(rows).toEqual([{ is_member: true }]);
      const after = await sql<{
        user_id: string | null;
      }>`select current_setting('app.user_id', true) as user_id`.execute(connection);
      expect(after.rows[0]?.user_id ?? "").toBe("");
    });
  });

  it("all end their search_path with pg_temp, so no temporary object can shadow what they call", async () => {
    const { rows } = await sql<{ fn: string; search_path: string | null }>`
      select p.oid::regprocedure::text as fn,
             (select substr(setting, length('search_path=') + 1) from unnest(p.proconfig) as setting
              where setting like 'search_path=%') as search_path
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef
        and n.nspname in ('app', 'public', 'admin', 'audit', 'auth', 'lore', 'vector', 'timeseries', 'storage', 'integration')
        and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
      order by 1
    `.execute(database.db);
    expect(rows.length).toBeGreaterThan(5);
    const unsafe = rows.filter((row) => !/(^|,\s*)pg_temp$/.test(row.search_path ?? "")).map((row) => row.fn);
    expect(unsafe).toEqual([]);
  });
});
