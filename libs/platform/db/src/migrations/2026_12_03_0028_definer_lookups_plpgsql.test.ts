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
  it("turns the once-per-request look-ups into PL/pgSQL, owned and settled as before", async () => {
    const { rows } = await sql<{ signature: string; language: string; owner: string; settings: string[] }>`
      select p.oid::regprocedure::text as signature, l.lanname as language,
             pg_get_userbyid(p.proowner) as owner, p.proconfig as settings
      from unnest(${DEFINER_LOOKUPS}::text[]) as lookup(signature)
      join pg_proc p on p.oid = lookup.signature::regprocedure
      join pg_language l on l.oid = p.prolang
      where p.prosecdef
    `.execute(database.ownerDb);
    expect(rows).toHaveLength(DEFINER_LOOKUPS.length);
    for (const row of rows) {
      expect(row).toMatchObject({ language: "plpgsql", owner: "cauldron_system" });
      expect(row.settings).toEqual(["search_path=pg_catalog, public, pg_temp"]);
    }
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
