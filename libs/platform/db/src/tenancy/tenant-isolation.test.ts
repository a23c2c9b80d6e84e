import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../schema/database.generated";
import { withSystem, withTenant } from "../tenant";
import { DOMAIN_FIXTURES } from "./fixtures";
import { createTenant, type TenantFixture } from "./fixtures/core";
import { TENANT_TABLES, type TenantTable } from "./tenant-tables";

let database: TestDatabase;
let alpha: TenantFixture;
let bravo: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  [alpha, bravo] = await withSystem(database.db, async (trx) => {
    const tenants = [await createTenant(trx, "alpha"), await createTenant(trx, "bravo")] as const;
    for (const seed of DOMAIN_FIXTURES) {
      for (const tenant of tenants) await seed(trx, tenant);
    }
    return tenants;
  });
});

afterAll(async () => {
  await database?.destroy();
});

function ownerId(tenant: TenantFixture, column: TenantTable["column"]): string {
  return column === "organization_id" ? tenant.organizationId : tenant.userId;
}

function asAlpha<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return withTenant(database.db, { userId: alpha.userId, organizationId: alpha.organizationId }, work);
}

async function countRows(trx: Kysely<Database>, { table, column }: TenantTable, id: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*) as count from ${sql.table(table)} where ${sql.ref(column)} = ${id}
  `.execute(trx);
  return rows[0]?.count ?? 0;
}

// Append-only tables grant the app role no UPDATE/DELETE at all: being refused outright also changes nothing.
async function rowsChangedOrDenied(statement: () => Promise<{ numAffectedRows?: bigint }>): Promise<number | "denied"> {
  try {
    return Number((await statement()).numAffectedRows ?? 0n);
  } catch (error) {
    if ((error as { code?: string }).code === "42501") return "denied";
    throw error;
  }
}

// RLS checks a new row after BEFORE triggers, so a domain's guard trigger may refuse it first
// (vector's model-scope check does); a foreign-key or NOT NULL error would not count, as it
// would mean RLS had let the row through.
function refusedByPolicyOrGuard(error: { code?: string; message?: string; where?: string }): boolean {
  // Tables only the system writes (storage quotas and usage) refuse the app role by privilege instead.
  const byPolicy = error.code === "42501" && /row-level security|permission denied for table/.test(error.message ?? "");
  const byGuardTrigger = /PL\/pgSQL function .* at RAISE/.test(error.where ?? "");
  return byPolicy || byGuardTrigger;
}

describe.each(TENANT_TABLES)("row-level security on $table (by $column)", (entry) => {
  const { table, column } = entry;

  it("holds rows of both tenants, all visible to withSystem", async () => {
    const counts = await withSystem(database.db, async (trx) => [
      await countRows(trx, entry, ownerId(alpha, column)),
      await countRows(trx, entry, ownerId(bravo, column)),
    ]);
    expect(counts[0], `the ${table} fixture seeds no row for tenant A`).toBeGreaterThan(0);
    expect(counts[1], `the ${table} fixture seeds no row for tenant B`).toBeGreaterThan(0);
  });

  it("shows tenant A its own rows and none of tenant B's, even when asked for them by id", async () => {
    const [own, others] = await asAlpha(async (trx) => [
      await countRows(trx, entry, ownerId(alpha, column)),
      await countRows(trx, entry, ownerId(bravo, column)),
    ]);
    expect(own).toBeGreaterThan(0);
    expect(others).toBe(0);
  });

  it("lets tenant A update and delete none of tenant B's rows", async () => {
    const bravoId = ownerId(bravo, column);
    const before = await withSystem(database.db, (trx) => countRows(trx, entry, bravoId));
    const updated = await rowsChangedOrDenied(() =>
      asAlpha((trx) =>
        sql`update ${sql.table(table)} set ${sql.ref(column)} = ${sql.ref(column)} where ${sql.ref(column)} = ${bravoId}`.execute(
          trx,
        ),
      ),
    );
    const deleted = await rowsChangedOrDenied(() =>
      asAlpha((trx) => sql`delete from ${sql.table(table)} where ${sql.ref(column)} = ${bravoId}`.execute(trx)),
    );
    expect([0, "denied"]).toContain(updated);
    expect([0, "denied"]).toContain(deleted);
    expect(await withSystem(database.db, (trx) => countRows(trx, entry, bravoId))).toBe(before);
  });

  it("refuses to let tenant A insert a row for tenant B", async () => {
    const { row, columns } = await withSystem(database.db, async (trx) => {
      const sample = await sql<{ row: Record<string, unknown> }>`
        select to_jsonb(t) as row from ${sql.table(table)} t where ${sql.ref(column)} = ${ownerId(alpha, column)} limit 1
      `.execute(trx);
      const insertable = await sql<{ name: string }>`
        select attname as name from pg_attribute
        where attrelid = ${table}::regclass and attnum > 0 and not attisdropped
          and attgenerated = '' and attidentity <> 'a'
        order by attnum
      `.execute(trx);
      return { row: sample.rows[0]?.row, columns: insertable.rows.map((c) => sql.ref(c.name)) };
    });
    expect(row, `no row of tenant A in ${table} to copy`).toBeDefined();
    const forBravo = { ...row, [column]: ownerId(bravo, column) };
    const insert = asAlpha((trx) =>
      sql`
        insert into ${sql.table(table)} (${sql.join(columns)})
        select ${sql.join(columns)} from jsonb_populate_record(null::${sql.table(table)}, ${JSON.stringify(forBravo)}::jsonb)
      `.execute(trx),
    );
    const error = await insert.then(
      () => undefined,
      (reason: unknown) => reason as { code?: string; message?: string; where?: string },
    );
    expect(error, `tenant A inserted a row for tenant B into ${table}`).toBeDefined();
    expect(refusedByPolicyOrGuard(error ?? {}), `unexpected error: ${error?.code} ${error?.message}`).toBe(true);
  });
});
