import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql, type Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../schema/database.generated";
import { createTenant, type TenantFixture } from "../tenancy/fixtures/core";
import { seedLoreTenant } from "../tenancy/fixtures/lore";
import { withSystem, withTenant } from "../tenant";

let database: TestDatabase;
let tenant: TenantFixture;
let documentId: string;
/** In the organization, in no team. */
let outsiderId: string;
/** In the organization, in the document's team. */
let teamMemberId: string;
let adminId: string;

async function addPerson(trx: Transaction<Database>, role: string, teamId?: string): Promise<string> {
  const user = await trx
    .insertInto("users")
    .values({ email: `${role}-${crypto.randomUUID()}@example.test`, display_name: role })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("organization_users")
    .values({ organization_id: tenant.organizationId, user_id: user.id, role })
    .execute();
  if (teamId) {
    await trx
      .insertInto("team_members")
      .values({ organization_id: tenant.organizationId, team_id: teamId, user_id: user.id })
      .execute();
  }
  return user.id;
}

function asUser<T>(userId: string, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return withTenant(database.db, { userId, organizationId: tenant.organizationId }, work);
}

async function visibleRows(userId: string): Promise<Record<string, number>> {
  return asUser(userId, async (trx) => {
    const counts: Record<string, number> = {};
    for (const table of [
      "documents",
      "document_versions",
      "document_chunks",
      "document_teams",
      "document_tag_associations",
      "entity_mentions",
      "entity_document_associations",
      "entities",
      "relationships",
    ]) {
      const { rows } = await sql<{ count: string }>`select count(*) from ${sql.table(`lore.${table}`)}`.execute(trx);
      counts[table] = Number(rows[0]?.count);
    }
    return counts;
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  await withSystem(database.db, async (trx) => {
    tenant = await createTenant(trx, "team-access");
    // One document restricted to the tenant's team, mentioning Ada (found only there), related to Charles.
    await seedLoreTenant(trx, tenant);
    outsiderId = await addPerson(trx, "member");
    teamMemberId = await addPerson(trx, "member", tenant.teamId);
    adminId = await addPerson(trx, "admin");
    documentId = (await trx.selectFrom("lore.documents").select("id").executeTakeFirstOrThrow()).id;
  });
});

afterAll(async () => {
  await database?.destroy();
});

describe("lore team access", () => {
  it("keeps documents.team_ids equal to the document's teams", async () => {
    const row = await withSystem(database.db, (trx) =>
      trx.selectFrom("lore.documents").select("team_ids").where("id", "=", documentId).executeTakeFirstOrThrow(),
    );
    expect(row.team_ids).toEqual([tenant.teamId]);
  });

  it("shows a team's document, and everything found only in it, to the team and to admins", async () => {
    const expected = {
      documents: 1,
      document_versions: 1,
      document_chunks: 1,
      document_teams: 1,
      document_tag_associations: 1,
      entity_mentions: 1,
      entity_document_associations: 1,
      entities: 2,
      relationships: 1,
    };
    expect(await visibleRows(teamMemberId)).toEqual(expected);
    expect(await visibleRows(adminId)).toEqual(expected);
  });

  it("hides it from a member outside the team, with the entity found only in it and its relationships", async () => {
    expect(await visibleRows(outsiderId)).toEqual({
      documents: 0,
      document_versions: 0,
      document_chunks: 0,
      document_teams: 0,
      document_tag_associations: 0,
      entity_mentions: 0,
      entity_document_associations: 0,
      // Charles Babbage is mentioned in no document: the whole organization sees him.
      entities: 1,
      relationships: 0,
    });
  });

  it("refuses the outsider a version of the hidden document", async () => {
    await expect(
      asUser(outsiderId, (trx) =>
        trx
          .insertInto("lore.document_versions")
          .values({
            organization_id: tenant.organizationId,
            document_id: documentId,
            version: 2,
            title: "forged",
            content: "forged",
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("lets a team member hand the document to another team in one statement, losing sight of it", async () => {
    const otherTeam = await withSystem(database.db, (trx) =>
      trx
        .insertInto("teams")
        .values({ organization_id: tenant.organizationId, name: "other team" })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    await asUser(teamMemberId, async (trx) => {
      await trx.deleteFrom("lore.document_teams").where("document_id", "=", documentId).execute();
      await trx
        .insertInto("lore.document_teams")
        .values({ organization_id: tenant.organizationId, document_id: documentId, team_id: otherTeam.id })
        .execute();
    });
    expect((await visibleRows(teamMemberId)).documents).toBe(0);
    expect((await visibleRows(adminId)).documents).toBe(1);

    await asUser(adminId, (trx) =>
      trx.deleteFrom("lore.document_teams").where("document_id", "=", documentId).execute(),
    );
    expect((await visibleRows(outsiderId)).documents).toBe(1);
  });
});
