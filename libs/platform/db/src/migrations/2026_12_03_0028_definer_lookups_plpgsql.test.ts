import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "../tenant";
import { createTenant } from "../tenancy/fixtures/core";
import { DEFINER_LOOKUPS } from "./2026_12_03_0028_definer_lookups_plpgsql";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

describe("definer look-ups in PL/pgSQL (0028)", () => {
  it("leaves no SECURITY DEFINER function in SQL, which would plan its query on every call", async () => {
    const { rows } = await sql<{ signature: string; language: string; owner: string }>`
      select p.oid::regprocedure::text as signature, l.lanname as language, pg_get_userbyid(p.proowner) as owner
      from pg_proc p join pg_language l on l.oid = p.prolang
      join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname in ('app', 'lore', 'vector', 'storage', 'timeseries', 'public', 'admin', 'audit')
    `.execute(database.ownerDb);
    expect(rows.filter((row) => row.language === "sql")).toEqual([]);
    const lookups = rows.filter((row) => DEFINER_LOOKUPS.includes(row.signature.replace(/,(?! )/g, ", ")));
    expect(lookups).toHaveLength(DEFINER_LOOKUPS.length);
    expect(new Set(lookups.map((row) => `${row.language} ${row.owner}`))).toEqual(new Set(["plpgsql cauldron_system"]));
  });

  it("answers as before: a member's grants and flags, nothing for a stranger", async () => {
    const { member, stranger, organizationId } = await withSystem(database.db, async (trx) => {
      const tenant = await createTenant(trx, "definer-lookups");
      const other = await createTenant(trx, "definer-lookups-other");
      return { member: tenant.userId, stranger: other.userId, organizationId: tenant.organizationId };
    });
    const accessOf = async (userId: string) => {
      const { rows } = await sql<{ is_member: boolean; grants: string[]; archived: boolean }>`
        select is_member, grants, archived from app.organization_access_of(${userId}::uuid, ${organizationId}::uuid)
      `.execute(database.ownerDb);
      return rows;
    };
    const [own] = await accessOf(member);
    expect(own).toMatchObject({ is_member: true, archived: false });
    expect(own!.grants).toContain("organizations:read");
    const theirs = await accessOf(stranger);
    expect(theirs.every((row) => !row.is_member)).toBe(true);
  });
});
