import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql, type Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../schema/database.generated";
import { createTenant, type TenantFixture } from "../tenancy/fixtures/core";
import { withSystem, withTenant } from "../tenant";

let database: TestDatabase;
let tenant: TenantFixture;
let other: TenantFixture;
/** A member of the tenant's organization in none of its teams. */
let outsiderId: string;
const chunks = { open: "", openOldVersion: "", teamOnly: "", deleted: "", otherOrganization: "" };

/** A document whose versions each hold one chunk of `contents[i]`; answers the chunk ids in version order. */
async function addDocument(
  trx: Transaction<Database>,
  owner: TenantFixture,
  slug: string,
  contents: string[],
  options: { teamId?: string; deleted?: boolean } = {},
): Promise<string[]> {
  const organization_id = owner.organizationId;
  const document = await trx
    .insertInto("lore.documents")
    .values({
      organization_id,
      title: slug,
      slug,
      content: contents.at(-1)!,
      current_version: contents.length,
      created_by: owner.userId,
      ...(options.deleted ? { deleted_at: new Date() } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (const [index, content] of contents.entries()) {
    const chunk = await trx
      .insertInto("lore.document_chunks")
      .values({
        organization_id,
        document_id: document.id,
        version: index + 1,
        chunk_index: 0,
        content,
        start_offset: 0,
        end_offset: content.length,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(chunk.id);
  }
  if (options.teamId) {
    await trx
      .insertInto("lore.document_teams")
      .values({ organization_id, document_id: document.id, team_id: options.teamId, access_level: "read" })
      .execute();
  }
  return ids;
}

async function matchingChunks(userId: string, organizationId: string, words: string): Promise<string[]> {
  const ids = await withTenant(database.db, { userId, organizationId }, async (trx) => {
    const { rows } = await sql<{ id: string }>`
      select lore.caller_chunks_matching(websearch_to_tsquery('english', ${words})) as id
    `.execute(trx);
    return rows.map((row) => row.id);
  });
  return ids.sort();
}

beforeAll(async () => {
  database = await createTestDatabase();
  await withSystem(database.db, async (trx) => {
    tenant = await createTenant(trx, "text-candidates");
    other = await createTenant(trx, "text-candidates-other");
    const outsider = await trx
      .insertInto("users")
      .values({ email: `outsider-${crypto.randomUUID()}@example.test`, display_name: "Outsider" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("organization_users")
      .values({ organization_id: tenant.organizationId, user_id: outsider.id, role: "member" })
      .execute();
    outsiderId = outsider.id;

    const harbour = "The harbour pilot boards every tanker at dawn.";
    const pilots = await addDocument(trx, tenant, "pilots", ["The harbour pilot boards at dusk.", harbour]);
    chunks.openOldVersion = pilots[0]!;
    chunks.open = pilots[1]!;
    chunks.teamOnly = (await addDocument(trx, tenant, "team-pilots", [harbour], { teamId: tenant.teamId }))[0]!;
    chunks.deleted = (await addDocument(trx, tenant, "old-pilots", [harbour], { deleted: true }))[0]!;
    chunks.otherOrganization = (await addDocument(trx, other, "their-pilots", [harbour]))[0]!;
  });
});

afterAll(async () => {
  await database?.destroy();
});

describe("lore.caller_chunks_matching (0030)", () => {
  it("finds the current chunks of the active organization's documents that the caller may see", async () => {
    const found = await matchingChunks(outsiderId, tenant.organizationId, "harbour pilot");
    expect(found).toEqual([chunks.open]);
    expect(found).not.toContain(chunks.deleted);
  });

  it("includes team documents for the team's members and the organization's owners", async () => {
    expect(await matchingChunks(tenant.userId, tenant.organizationId, "harbour pilot")).toEqual(
      [chunks.open, chunks.teamOnly].sort(),
    );
  });

  it("answers only for the organization the transaction acts in", async () => {
    expect(await matchingChunks(other.userId, other.organizationId, "harbour pilot")).toEqual([
      chunks.otherOrganization,
    ]);
  });

  it("leaves out chunks of older versions, and words no chunk holds", async () => {
    expect(await matchingChunks(tenant.userId, tenant.organizationId, "dusk")).toEqual([]);
    expect(await matchingChunks(tenant.userId, tenant.organizationId, "lighthouse")).toEqual([]);
  });

  it("finds nothing outside a tenant transaction", async () => {
    const { rows } = await sql<{ id: string }>`
      select lore.caller_chunks_matching(websearch_to_tsquery('english', 'harbour')) as id
    `.execute(database.db);
    expect(rows).toEqual([]);
  });
});
