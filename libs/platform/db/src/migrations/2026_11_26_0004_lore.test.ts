import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql, type Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../schema/database.generated";
import { createTenant, type TenantFixture } from "../tenancy/fixtures/core";
import { seedLoreTenant } from "../tenancy/fixtures/lore";
import { withSystem, withTenant } from "../tenant";

let database: TestDatabase;
let tenantA: TenantFixture;
let tenantB: TenantFixture;

function asTenant<T>(tenant: TenantFixture, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return withTenant(database.db, tenant, work);
}

beforeAll(async () => {
  database = await createTestDatabase();
  [tenantA, tenantB] = await withSystem(database.db, async (trx) => {
    const tenants: [TenantFixture, TenantFixture] = [await createTenant(trx, "lore-a"), await createTenant(trx, "lore-b")];
    for (const tenant of tenants) await seedLoreTenant(trx, tenant);
    return tenants;
  });
});

afterAll(async () => {
  await database?.destroy();
});

describe("lore schema", () => {
  it("finds documents by stemmed full-text search over title and content, and by fuzzy title", async () => {
    const found = await asTenant(tenantA, async (trx) => ({
      fullText: await trx
        .selectFrom("lore.documents")
        .select("title")
        .where(sql<boolean>`search @@ websearch_to_tsquery('english', 'algorithms published')`)
        .execute(),
      fuzzy: await trx
        .selectFrom("lore.documents")
        .select("title")
        .where(sql<boolean>`title % 'Analitical Engin'`)
        .execute(),
    }));
    expect(found.fullText).toEqual([{ title: "Analytical Engine notes" }]);
    expect(found.fuzzy).toEqual([{ title: "Analytical Engine notes" }]);
  });

  it("refuses to attach a row to another tenant's document even when its id is known", async () => {
    const foreign = await withSystem(database.db, (trx) =>
      trx
        .selectFrom("lore.documents")
        .select("id")
        .where("organization_id", "=", tenantB.organizationId)
        .executeTakeFirstOrThrow(),
    );
    await expect(
      asTenant(tenantA, (trx) =>
        trx
          .insertInto("lore.document_versions")
          .values({
            organization_id: tenantA.organizationId,
            document_id: foreign.id,
            version: 2,
            title: "hijack",
            content: "",
          })
          .execute(),
      ),
    ).rejects.toThrow(/foreign key/);
  });

  it("gives document access only to teams of the document's organization", async () => {
    const document = await asTenant(tenantA, (trx) =>
      trx.selectFrom("lore.documents").select("id").executeTakeFirstOrThrow(),
    );
    await expect(
      asTenant(tenantA, (trx) =>
        trx
          .insertInto("lore.document_teams")
          .values({ organization_id: tenantA.organizationId, document_id: document.id, team_id: tenantB.teamId })
          .execute(),
      ),
    ).rejects.toThrow(/foreign key/);
  });

  it("answers shortest paths over relationship weights with pgRouting, within the tenant's graph", async () => {
    const path = await asTenant(tenantA, async (trx) => {
      const person = await trx.selectFrom("lore.entity_types").select("id").executeTakeFirstOrThrow();
      const knows = await trx
        .insertInto("lore.relationship_types")
        .values({ organization_id: tenantA.organizationId, name: "knows" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const entities = await trx
        .insertInto("lore.entities")
        .values(
          ["Ann", "Bob", "Cy"].map((name) => ({
            organization_id: tenantA.organizationId,
            type_id: person.id,
            name,
            canonical_name: name.toLowerCase(),
          })),
        )
        .returning(["id", "name"])
        .execute();
      const id = (name: string) => entities.find((entity) => entity.name === name)!.id;
      await trx
        .insertInto("lore.relationships")
        .values(
          [
            ["Ann", "Bob", 1],
            ["Bob", "Cy", 2],
            ["Ann", "Cy", 5],
          ].map(([source, target, weight]) => ({
            organization_id: tenantA.organizationId,
            source_entity_id: id(source as string),
            target_entity_id: id(target as string),
            type_id: knows.id,
            weight: weight as number,
          })),
        )
        .execute();
      const { rows } = await sql<{ name: string; cost: number }>`
        select e.name, d.agg_cost as cost
        from pgr_dijkstra(
          'select r.edge_id as id, s.node_id as source, t.node_id as target, r.weight as cost
           from lore.relationships r
           join lore.entities s on s.id = r.source_entity_id
           join lore.entities t on t.id = r.target_entity_id',
          (select node_id from lore.entities where id = ${id("Ann")}),
          (select node_id from lore.entities where id = ${id("Cy")})
        ) d
        join lore.entities e on e.node_id = d.node
        order by d.seq
      `.execute(trx);
      return rows;
    });
    expect(path).toEqual([
      { name: "Ann", cost: 0 },
      { name: "Bob", cost: 1 },
      { name: "Cy", cost: 3 },
    ]);
  });
});
