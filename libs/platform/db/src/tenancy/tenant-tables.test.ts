import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TENANT_TABLES } from "./tenant-tables";

// Tables carrying a tenancy column that are deliberately not in TENANT_TABLES, and why.
const NOT_TENANT_SCOPED: Record<string, string> = {
  "integration.outbox": "append-only for tenants, read only by the relay (core-policies.test.ts)",
  "auth.sessions": "user_id is a Supabase user; system-only (core-policies.test.ts)",
  "auth.identities": "user_id is a Supabase user; system-only (core-policies.test.ts)",
};

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

async function applicationTables() {
  const { rows } = await sql<{ table: string; rls: boolean; forced: boolean; tenancy: string[] }>`
    select n.nspname || '.' || c.relname as "table", c.relrowsecurity as rls, c.relforcerowsecurity as forced,
           array(select a.attname::text from pg_attribute a
                 where a.attrelid = c.oid and a.attname in ('organization_id', 'user_id') and not a.attisdropped
                 order by a.attname) as tenancy
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relispartition
      and n.nspname in ('public', 'admin', 'audit', 'auth', 'lore', 'vector', 'timeseries', 'storage', 'integration',
                        'command_cauldron', 'synapse', 'aegis', 'supabase', 'realtime')
      and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    order by 1
  `.execute(database.ownerDb);
  return rows;
}

describe("tenant table registry", () => {
  it("lists only tables that exist, each once", async () => {
    const existing = new Set((await applicationTables()).map((row) => row.table));
    const listed = TENANT_TABLES.map((entry) => entry.table);
    expect(listed.filter((table) => !existing.has(table))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it("has row-level security enabled on every application table", async () => {
    const unprotected = (await applicationTables()).filter((row) => !row.rls).map((row) => row.table);
    expect(unprotected).toEqual([]);
  });

  it("forces row-level security on every application table, so it confines the tables' owner too", async () => {
    const tables = await applicationTables();
    const unforced = tables.filter((row) => !row.forced).map((row) => row.table);
    expect(unforced, "create tenant tables with app.apply_org_rls/apply_user_rls, or FORCE RLS yourself").toEqual([]);
    const listed = new Set(TENANT_TABLES.map((entry) => entry.table));
    expect(tables.filter((row) => listed.has(row.table) && row.forced)).toHaveLength(TENANT_TABLES.length);
  });

  it("covers every table with an organization_id or user_id column", async () => {
    const listed = new Set(TENANT_TABLES.map((entry) => entry.table));
    const missing = (await applicationTables())
      .filter((row) => row.tenancy.length > 0 && !listed.has(row.table) && !(row.table in NOT_TENANT_SCOPED))
      .map((row) => row.table);
    expect(missing, "add these to TENANT_TABLES (or NOT_TENANT_SCOPED with a reason)").toEqual([]);
  });
});
