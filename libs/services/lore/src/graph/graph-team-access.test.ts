import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization, type LoreTestUser } from "../testing";
import { insertDocument, mentionIn } from "./graph-test-fixtures";

let kit: LoreTestKit;
let org: LoreTestOrganization;
let outsider: LoreTestUser;
let insider: LoreTestUser;
const entity: Record<"manual" | "hidden" | "shared" | "hiddenTwin", string> = {
  manual: "",
  hidden: "",
  shared: "",
  hiddenTwin: "",
};
const link: Record<"manualToHidden" | "hiddenToShared" | "manualToShared", string> = {
  manualToHidden: "",
  hiddenToShared: "",
  manualToShared: "",
};
let publicDocument: string;
let personTypeId: string;
let knowsTypeId: string;

/*
 * "Secret Agent" appears only in a document restricted to a team the outsider is not in;
 * "Shared Source" appears there and in a document for everyone; "Manual Entry" in no document.
 * Manual → Hidden → Shared costs 2, Manual → Shared directly 10.
 */
beforeAll(async () => {
  kit = await startLoreTestKit({}, { workers: false });
  org = await kit.createOrganization("agency");
  outsider = await kit.createUser("outsider");
  insider = await kit.createUser("insider");
  await kit.addMember(org.id, outsider, "member");
  await kit.addMember(org.id, insider, "member");
  const team = await kit.createTeam(org.id, [insider], "cell");
  const owner = kit.ownerOf(org).lore;
  personTypeId = (await owner.entityTypes.create.mutate({ name: "Person" })).id;
  knowsTypeId = (await owner.relationshipTypes.create.mutate({ name: "knows" })).id;
  entity.manual = (await owner.entities.create.mutate({ typeId: personTypeId, name: "Manual Entry" })).id;
  entity.hidden = (await owner.entities.create.mutate({ typeId: personTypeId, name: "Secret Agent" })).id;
  entity.hiddenTwin = (await owner.entities.create.mutate({ typeId: personTypeId, name: "Secret Agemt" })).id;
  entity.shared = (await owner.entities.create.mutate({ typeId: personTypeId, name: "Shared Source" })).id;
  const secret = await insertDocument(kit, org.id, "Secret file", [team]);
  publicDocument = await insertDocument(kit, org.id, "Public notice");
  await mentionIn(kit, org.id, entity.hidden, secret, 2);
  await mentionIn(kit, org.id, entity.hiddenTwin, secret, 1);
  await mentionIn(kit, org.id, entity.shared, secret, 5);
  await mentionIn(kit, org.id, entity.shared, publicDocument, 1);
  const relate = async (source: string, target: string, weight: number) =>
    (
      await owner.relationships.create.mutate({
        sourceEntityId: source,
        targetEntityId: target,
        typeId: knowsTypeId,
        weight,
      })
    ).id;
  link.manualToHidden = await relate(entity.manual, entity.hidden, 1);
  link.hiddenToShared = await relate(entity.hidden, entity.shared, 1);
  link.manualToShared = await relate(entity.manual, entity.shared, 10);
});

afterAll(async () => {
  await kit?.close();
});

const asOutsider = () => kit.as(outsider, org.id).lore;
const asInsider = () => kit.as(insider, org.id).lore;

describe("team access to the graph", () => {
  it("hides an entity found only in documents of another team, and its relationships", async () => {
    expect(await codeOf(asOutsider().entities.get.query({ id: entity.hidden }))).toBe("NOT_FOUND");
    expect((await asInsider().entities.get.query({ id: entity.hidden })).mentionCount).toBe(2);
    expect((await asOutsider().entities.list.query({ text: "Secret Agent" })).items).toEqual([]);
    expect((await asOutsider().entities.list.query({})).items.map((e) => e.name)).toEqual([
      "Manual Entry",
      "Shared Source",
    ]);
    expect((await asOutsider().entities.duplicates.query({ threshold: 0.3 })).pairs).toEqual([]);
    expect((await asInsider().entities.duplicates.query({ threshold: 0.3 })).pairs).toHaveLength(1);
    expect(await codeOf(asOutsider().relationships.get.query({ id: link.manualToHidden }))).toBe("NOT_FOUND");
    expect((await asOutsider().relationships.list.query({ entityId: entity.manual })).items.map((r) => r.id)).toEqual([
      link.manualToShared,
    ]);
    expect((await asOutsider().relationshipTypes.get.query({ id: knowsTypeId })).relationshipCount).toBe(1);
  });

  it("counts only the mentions and documents the caller can see", async () => {
    const seen = await asOutsider().entities.get.query({ id: entity.shared });
    expect(seen).toMatchObject({ mentionCount: 1, documents: [{ id: publicDocument, mentionCount: 1 }] });
    expect((await asInsider().entities.get.query({ id: entity.shared })).mentionCount).toBe(6);
  });

  it("walks, routes and exports only the visible graph", async () => {
    const around = await asOutsider().graph.neighbors.query({ entityId: entity.manual, depth: 3 });
    expect(around.nodes.map((node) => node.id).sort()).toEqual([entity.manual, entity.shared].sort());
    expect(around.edges.map((edge) => edge.id)).toEqual([link.manualToShared]);
    expect((await asInsider().graph.neighbors.query({ entityId: entity.manual })).nodes).toHaveLength(3);

    const outsiderPath = await asOutsider().graph.path.query({
      fromEntityId: entity.manual,
      toEntityId: entity.shared,
    });
    expect(outsiderPath).toMatchObject({ found: true, totalCost: 10 });
    const insiderPath = await asInsider().graph.path.query({ fromEntityId: entity.manual, toEntityId: entity.shared });
    expect(insiderPath).toMatchObject({ found: true, totalCost: 2 });
    expect(insiderPath.steps.map((step) => step.entity.id)).toEqual([entity.manual, entity.hidden, entity.shared]);
    expect(
      await codeOf(asOutsider().graph.path.query({ fromEntityId: entity.manual, toEntityId: entity.hidden })),
    ).toBe("NOT_FOUND");

    const exported = await asOutsider().graph.subgraph.query({});
    expect(exported.nodes.map((node) => node.name)).toEqual(["Manual Entry", "Shared Source"]);
    expect(exported.edges.map((edge) => edge.id)).toEqual([link.manualToShared]);
    expect(await codeOf(asOutsider().graph.subgraph.query({ entityIds: [entity.hidden] }))).toBe("NOT_FOUND");
    expect(await codeOf(asOutsider().graph.neighbors.query({ entityId: entity.hidden }))).toBe("NOT_FOUND");
  });

  it("lets no one change what they cannot see", async () => {
    expect(await codeOf(asOutsider().entities.update.mutate({ id: entity.hidden, name: "Exposed" }))).toBe("NOT_FOUND");
    expect(await codeOf(asOutsider().relationships.update.mutate({ id: link.manualToHidden, weight: 5 }))).toBe(
      "NOT_FOUND",
    );
    expect(
      await codeOf(
        asOutsider().relationships.create.mutate({
          sourceEntityId: entity.shared,
          targetEntityId: entity.hidden,
          typeId: knowsTypeId,
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(
        asOutsider().entities.merge.mutate({ sourceEntityIds: [entity.hidden], targetEntityId: entity.manual }),
      ),
    ).toBe("NOT_FOUND");
    expect((await kit.ownerOf(org).lore.entities.get.query({ id: entity.hidden })).name).toBe("Secret Agent");
  });

  it("refuses to merge an entity that also appears in documents the caller cannot see, changing nothing", async () => {
    const refused = await failureOf(
      asOutsider().entities.merge.mutate({ sourceEntityIds: [entity.shared], targetEntityId: entity.manual }),
    );
    expect(refused.data.code).toBe("FORBIDDEN");
    expect((await asOutsider().entities.get.query({ id: entity.shared })).mentionCount).toBe(1);
    expect((await kit.ownerOf(org).lore.entities.get.query({ id: entity.shared })).mentionCount).toBe(6);
  });

  it("treats an entity extraction found like any other", async () => {
    const found = await kit.database.ownerDb
      .insertInto("lore.entities")
      .values({
        organization_id: org.id,
        type_id: personTypeId,
        name: "Found Person",
        canonical_name: "found person",
        properties: JSON.stringify({ origin: "extraction" }),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await mentionIn(kit, org.id, found.id, publicDocument, 1);
    const renamed = await asOutsider().entities.update.mutate({ id: found.id, aliases: ["Finder"] });
    expect(renamed).toMatchObject({ aliases: ["Finder"], properties: { origin: "extraction" } });
    const merged = await asOutsider().entities.merge.mutate({
      sourceEntityIds: [found.id],
      targetEntityId: entity.manual,
    });
    expect(merged.entity).toMatchObject({ mentionCount: 1, aliases: ["Found Person", "Finder"] });
  });
});
