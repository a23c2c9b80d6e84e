import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

const RESERVED = ["aegis", "command_cauldron", "realtime", "supabase", "synapse"];

describe("the seed's reserved schemas", () => {
  it("exist beside the module schemas, owned by the migrations' owner and documented as reserved", async () => {
    const { rows } = await sql<{ schema: string; owner: string; note: string | null; integrationOwner: string }>`
      select n.nspname as schema, pg_get_userbyid(n.nspowner) as owner,
             obj_description(n.oid, 'pg_namespace') as note,
             (select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'integration') as "integrationOwner"
      from pg_namespace n where n.nspname = any(${RESERVED}) order by 1
    `.execute(database.db);
    expect(rows.map((row) => row.schema)).toEqual(RESERVED);
    for (const row of rows) {
      expect(row.owner).toBe(row.integrationOwner);
      expect(row.note).toMatch(/^Reserved for /);
    }
  });

  it("grants the services' and the system role USAGE on each, and nothing to create objects", async () => {
    const { rows } = await sql<{ schema: string; role: string; usage: boolean; create: boolean }>`
      select n.nspname as schema, r.rolname as role,
             has_schema_privilege(r.oid, n.oid, 'USAGE') as usage,
             has_schema_privilege(r.oid, n.oid, 'CREATE') as create
      from pg_namespace n cross join pg_roles r
      where n.nspname = any(${RESERVED}) and r.rolname in ('cauldron_app', 'cauldron_system')
      order by 1, 2
    `.execute(database.db);
    expect(rows).toHaveLength(RESERVED.length * 2);
    expect(rows.filter((row) => !row.usage || row.create)).toEqual([]);
  });
});
