import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization } from "../testing";
import { auditActions, insertDocument, mentionIn } from "./graph-test-fixtures";

let kit: LoreTestKit;
let org: LoreTestOrganization;
let other: LoreTestOrganization;
let personTypeId: string;
let knowsTypeId: string;
let livedInTypeId: string;

beforeAll(async () => {
  kit = await startLoreTestKit({}, { workers: false });
  org = await kit.createOrganization("atlas");
  other = await kit.createOrganization("rival");
  personTypeId = (await lore().entityTypes.create.mutate({ name: "Person" })).id;
  knowsTypeId = (await lore().relationshipTypes.create.mutate({ name: "knows" })).id;
  livedInTypeId = (await lore().relationshipTypes.create.mutate({ name: "lived in" })).id;
});

afterAll(async () => {
  await kit?.close();
});

function lore() {
  return kit.ownerOf(org).lore;
}

async function person(name: string, aliases: string[] = []) {
  return lore().entities.create.mutate({ typeId: personTypeId, name, aliases });
}

async function relate(sourceEntityId: string, targetEntityId: string, typeId: string, weight = 1, confidence = 1) {
  return lore().relationships.create.mutate({ sourceEntityId, targetEntityId, typeId, weight, confidence });
}

async function relationshipsOf(entityId: string) {
  return (await lore().relationships.list.query({ entityId })).items;
}

describe("lore.entities.merge", () => {
  it("moves mentions, document links, relationships and names to the target and deletes the sources", async () => {
    const target = await person("Ada Lovelace", ["Countess"]);
    const typo = await person("Ada Lovelance", ["A. Lovelace", "countess"]);
    const maiden = await person("Augusta Ada Byron");
    const babbage = await person("Charles Babbage");
    const placeTypeId = (await lore().entityTypes.create.mutate({ name: "Place" })).id;
    const london = await lore().entities.create.mutate({ typeId: placeTypeId, name: "London" });
    const letters = await insertDocument(kit, org.id, "Letters");
    const notes = await insertDocument(kit, org.id, "Notes");
    await mentionIn(kit, org.id, target.id, letters, 2);
    await mentionIn(kit, org.id, typo.id, letters, 1);
    await mentionIn(kit, org.id, typo.id, notes, 3);
    await mentionIn(kit, org.id, maiden.id, notes, 1);

    const kept = await relate(target.id, babbage.id, knowsTypeId, 3, 0.5);
    const best = await relate(typo.id, babbage.id, knowsTypeId, 5, 0.9);
    await relate(maiden.id, babbage.id, knowsTypeId, 1, 0.4);
    await relate(typo.id, target.id, knowsTypeId);
    await relate(typo.id, maiden.id, knowsTypeId);
    const incoming = await relate(babbage.id, maiden.id, knowsTypeId);
    const lived = await lore().relationships.create.mutate({
      sourceEntityId: typo.id,
      targetEntityId: london.id,
      typeId: livedInTypeId,
      properties: { years: 10 },
    });

    const merged = await lore().entities.merge.mutate({
      sourceEntityIds: [typo.id, maiden.id],
      targetEntityId: target.id,
    });
    expect(merged).toMatchObject({ mergedEntityIds: [typo.id, maiden.id], movedRelationships: 3 });
    expect(merged.droppedRelationships).toBe(4);
    expect(merged.entity).toMatchObject({
      id: target.id,
      name: "Ada Lovelace",
      aliases: ["Countess", "Ada Lovelance", "A. Lovelace", "Augusta Ada Byron"],
      mentionCount: 7,
      documents: [
        { id: notes, title: "Notes", mentionCount: 4 },
        { id: letters, title: "Letters", mentionCount: 3 },
      ],
    });
    expect(await lore().entities.get.query({ id: target.id })).toEqual(merged.entity);
    for (const source of [typo, maiden]) {
      expect(await codeOf(lore().entities.get.query({ id: source.id }))).toBe("NOT_FOUND");
    }

    const relationships = await relationshipsOf(target.id);
    expect(relationships).toHaveLength(3);
    const toBabbage = relationships.find((r) => r.targetEntityId === babbage.id);
    expect(toBabbage).toMatchObject({ id: best.id, sourceEntityId: target.id, confidence: 0.9, weight: 1 });
    expect(await codeOf(lore().relationships.get.query({ id: kept.id }))).toBe("NOT_FOUND");
    expect(relationships.find((r) => r.id === incoming.id)).toMatchObject({
      sourceEntityId: babbage.id,
      targetEntityId: target.id,
    });
    expect(relationships.find((r) => r.id === lived.id)).toMatchObject({
      sourceEntityId: target.id,
      targetEntityId: london.id,
      properties: { years: 10 },
    });
    expect(await auditActions(kit, target.id)).toEqual(["entity.created", "entity.merged"]);
  });

  it("refuses a target among the sources and sources of another type, changing nothing", async () => {
    const target = await person("Alan Turing");
    const source = await person("Alan Turning");
    const sameAsTarget = await failureOf(
      lore().entities.merge.mutate({ sourceEntityIds: [source.id, target.id], targetEntityId: target.id }),
    );
    expect(sameAsTarget.data.code).toBe("BAD_REQUEST");
    expect(sameAsTarget.data.fieldErrors?.sourceEntityIds).toBeDefined();

    const machineTypeId = (await lore().entityTypes.create.mutate({ name: "Machine" })).id;
    const machine = await lore().entities.create.mutate({ typeId: machineTypeId, name: "Turing machine" });
    const otherType = await failureOf(
      lore().entities.merge.mutate({ sourceEntityIds: [source.id, machine.id], targetEntityId: target.id }),
    );
    expect(otherType.data.code).toBe("BAD_REQUEST");
    expect(otherType.data.fieldErrors?.["sourceEntityIds.1"]).toBeDefined();
    expect((await lore().entities.get.query({ id: source.id })).name).toBe("Alan Turning");

    const none = await failureOf(lore().entities.merge.mutate({ sourceEntityIds: [], targetEntityId: target.id }));
    expect(none.data.fieldErrors?.sourceEntityIds).toBeDefined();
  });

  it("treats another organization's entities as unknown, changing nothing", async () => {
    const target = await person("Grace Hopper");
    const source = await person("Grace Hoper");
    const foreignType = await kit.ownerOf(other).lore.entityTypes.create.mutate({ name: "Person" });
    const foreign = await kit.ownerOf(other).lore.entities.create.mutate({ typeId: foreignType.id, name: "Grace" });
    expect(
      await codeOf(
        lore().entities.merge.mutate({ sourceEntityIds: [source.id, foreign.id], targetEntityId: target.id }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(lore().entities.merge.mutate({ sourceEntityIds: [source.id], targetEntityId: foreign.id })),
    ).toBe("NOT_FOUND");
    expect((await lore().entities.get.query({ id: source.id })).name).toBe("Grace Hoper");
    expect((await kit.ownerOf(other).lore.entities.get.query({ id: foreign.id })).name).toBe("Grace");
  });
});
