import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, type TenantFixture } from "../tenancy/fixtures/core";
import { withSystem, withTenant } from "../tenant";

let database: TestDatabase;
let tenant: TenantFixture;
let documentId: string;
const chunks = { first: "", kept: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  await withSystem(database.db, async (trx) => {
    tenant = await createTenant(trx, "chunk-lineage");
    const document = await trx
      .insertInto("lore.documents")
      .values({ organization_id: tenant.organizationId, title: "Lineage", content: "kept text", current_version: 2 })
      .returning("id")
      .executeTakeFirstOrThrow();
    documentId = document.id;
  });
  const values = (version: number, embeddedAs: string | null) => ({
    organization_id: tenant.organizationId,
    document_id: documentId,
    version,
    chunk_index: 0,
    content: "kept text",
    start_offset: 0,
    end_offset: 9,
    embedded_as: embeddedAs,
  });
  // Written as the service writes them: the app role, in the tenant's transaction.
  await withTenant(database.db, { userId: tenant.userId, organizationId: tenant.organizationId }, async (trx) => {
    chunks.first = (
      await trx.insertInto("lore.document_chunks").values(values(1, null)).returning("id").executeTakeFirstOrThrow()
    ).id;
    chunks.kept = (
      await trx
        .insertInto("lore.document_chunks")
        .values(values(2, chunks.first))
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  });
});

afterAll(async () => {
  await database?.destroy();
});

describe("lore chunk lineage (0032)", () => {
  it("stores the chunk a kept chunk's embedding is under, and finds chunks by it", async () => {
    const found = await withTenant(
      database.db,
      { userId: tenant.userId, organizationId: tenant.organizationId },
      (trx) =>
        trx
          .selectFrom("lore.document_chunks")
          .select(["id", "version"])
          .where("embedded_as", "=", chunks.first)
          .execute(),
    );
    expect(found).toEqual([{ id: chunks.kept, version: 2 }]);
  });

  it("indexes only the chunks that name one", async () => {
    const { rows } = await sql<{ definition: string }>`
      select pg_get_indexdef(indexrelid) as definition from pg_index
      where indexrelid = 'lore.document_chunks_embedded_as_idx'::regclass
    `.execute(database.ownerDb);
    expect(rows[0]?.definition).toMatch(/\(embedded_as\) WHERE \(embedded_as IS NOT NULL\)$/);
  });
});
