import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization } from "../testing";
import { auditActions, insertChunk, insertDocument, UNKNOWN_ID } from "./graph-test-fixtures";

let kit: LoreTestKit;
let org: LoreTestOrganization;
let other: LoreTestOrganization;
let ids: { ada: string; charles: string; london: string; knows: string; livedIn: string };

beforeAll(async () => {
  kit = await startLoreTestKit({}, { workers: false });
  org = await kit.createOrganization("atlas");
  other = await kit.createOrganization("rival");
  const personTypeId = (await lore().entityTypes.create.mutate({ name: "Person" })).id;
  const placeTypeId = (await lore().entityTypes.create.mutate({ name: "Place" })).id;
  ids = {
    ada: (await lore().entities.create.mutate({ typeId: personTypeId, name: "Ada" })).id,
    charles: (await lore().entities.create.mutate({ typeId: personTypeId, name: "Charles" })).id,
    london: (await lore().entities.create.mutate({ typeId: placeTypeId, name: "London" })).id,
    knows: (await lore().relationshipTypes.create.mutate({ name: "knows" })).id,
    livedIn: (await lore().relationshipTypes.create.mutate({ name: "lived in" })).id,
  };
});

afterAll(async () => {
  await kit?.close();
});

function lore() {
  return kit.ownerOf(org).lore;
}

describe("lore.relationships", () => {
  it("creates, reads, updates and deletes a relationship with its evidence, recording each change", async () => {
    const document = await insertDocument(kit, org.id, "Letters");
    const chunk = await insertChunk(kit, org.id, document);
    const created = await lore().relationships.create.mutate({
      sourceEntityId: ids.ada,
      targetEntityId: ids.london,
      typeId: ids.livedIn,
      weight: 2.5,
      confidence: 0.8,
      properties: { since: 1815 },
      evidenceChunkId: chunk,
    });
    expect(created).toMatchObject({
      sourceEntityId: ids.ada,
      targetEntityId: ids.london,
      typeId: ids.livedIn,
      typeName: "lived in",
      weight: 2.5,
      confidence: 0.8,
      properties: { since: 1815 },
      evidenceChunkId: chunk,
    });
    expect(await lore().relationships.get.query({ id: created.id })).toEqual(created);
    const updated = await lore().relationships.update.mutate({ id: created.id, weight: 0, properties: {} });
    expect(updated).toMatchObject({ weight: 0, confidence: 0.8, properties: {} });
    expect(await lore().relationships.delete.mutate({ id: created.id })).toEqual({ id: created.id });
    expect(await codeOf(lore().relationships.get.query({ id: created.id }))).toBe("NOT_FOUND");
    expect(await auditActions(kit, created.id)).toEqual([
      "relationship.created",
      "relationship.updated",
      "relationship.deleted",
    ]);
  });

  it("refuses a self loop with the field and a repeated relationship with CONFLICT, allowing the reverse", async () => {
    const loop = await failureOf(
      lore().relationships.create.mutate({ sourceEntityId: ids.ada, targetEntityId: ids.ada, typeId: ids.knows }),
    );
    expect(loop.data.code).toBe("BAD_REQUEST");
    expect(loop.data.fieldErrors?.targetEntityId).toBeDefined();
    const first = { sourceEntityId: ids.ada, targetEntityId: ids.charles, typeId: ids.knows };
    const created = await lore().relationships.create.mutate(first);
    expect(await codeOf(lore().relationships.create.mutate(first))).toBe("CONFLICT");
    const reverse = await lore().relationships.create.mutate({
      sourceEntityId: ids.charles,
      targetEntityId: ids.ada,
      typeId: ids.knows,
    });
    for (const id of [created.id, reverse.id]) await lore().relationships.delete.mutate({ id });
  });

  it("lists an entity's relationships by direction and type, oldest first, a page at a time", async () => {
    const out = await lore().relationships.create.mutate({
      sourceEntityId: ids.charles,
      targetEntityId: ids.london,
      typeId: ids.livedIn,
    });
    const incoming = await lore().relationships.create.mutate({
      sourceEntityId: ids.ada,
      targetEntityId: ids.charles,
      typeId: ids.knows,
    });
    const listOf = async (input: Parameters<ReturnType<typeof lore>["relationships"]["list"]["query"]>[0]) =>
      (await lore().relationships.list.query(input)).items.map((relationship) => relationship.id);
    expect(await listOf({ entityId: ids.charles })).toEqual([out.id, incoming.id]);
    expect(await listOf({ entityId: ids.charles, direction: "out" })).toEqual([out.id]);
    expect(await listOf({ entityId: ids.charles, direction: "in" })).toEqual([incoming.id]);
    expect(await listOf({ entityId: ids.charles, typeId: ids.knows })).toEqual([incoming.id]);
    const page = await lore().relationships.list.query({ entityId: ids.charles, limit: 1 });
    const next = await lore().relationships.list.query({
      entityId: ids.charles,
      limit: 1,
      cursor: page.nextCursor ?? "",
    });
    expect(next.items.map((relationship) => relationship.id)).toEqual([incoming.id]);
    expect(next.nextCursor).toBeNull();
  });

  it("refuses bad input with the field", async () => {
    const weight = await failureOf(
      lore().relationships.create.mutate({
        sourceEntityId: ids.ada,
        targetEntityId: ids.london,
        typeId: ids.livedIn,
        weight: -1,
      }),
    );
    expect(weight.data.fieldErrors?.weight).toBeDefined();
    const confidence = await failureOf(lore().relationships.update.mutate({ id: UNKNOWN_ID, confidence: 2 }));
    expect(confidence.data.fieldErrors?.confidence).toBeDefined();
    const direction = await failureOf(
      lore().relationships.list.query({ entityId: ids.ada, direction: "up" as unknown as "out" }),
    );
    expect(direction.data.fieldErrors?.direction).toBeDefined();
  });

  it("treats another organization's entities, types, chunks and relationships as unknown", async () => {
    const rival = kit.ownerOf(other).lore;
    const rivalType = await rival.entityTypes.create.mutate({ name: "Person" });
    const spy = await rival.entities.create.mutate({ typeId: rivalType.id, name: "Spy" });
    const handler = await rival.entities.create.mutate({ typeId: rivalType.id, name: "Handler" });
    const reports = await rival.relationshipTypes.create.mutate({ name: "reports to" });
    const rivalRelationship = await rival.relationships.create.mutate({
      sourceEntityId: spy.id,
      targetEntityId: handler.id,
      typeId: reports.id,
    });
    const rivalChunk = await insertChunk(kit, other.id, await insertDocument(kit, other.id, "Dossier"));

    const create = (input: Partial<Parameters<ReturnType<typeof lore>["relationships"]["create"]["mutate"]>[0]>) =>
      codeOf(
        lore().relationships.create.mutate({
          sourceEntityId: ids.ada,
          targetEntityId: ids.london,
          typeId: ids.livedIn,
          ...input,
        }),
      );
    expect(await create({ targetEntityId: spy.id })).toBe("NOT_FOUND");
    expect(await create({ sourceEntityId: spy.id })).toBe("NOT_FOUND");
    expect(await create({ typeId: reports.id })).toBe("NOT_FOUND");
    expect(await create({ evidenceChunkId: rivalChunk })).toBe("NOT_FOUND");
    expect(await create({ targetEntityId: UNKNOWN_ID })).toBe("NOT_FOUND");
    expect(await codeOf(lore().relationships.get.query({ id: rivalRelationship.id }))).toBe("NOT_FOUND");
    expect(await codeOf(lore().relationships.update.mutate({ id: rivalRelationship.id, weight: 9 }))).toBe("NOT_FOUND");
    expect(await codeOf(lore().relationships.delete.mutate({ id: rivalRelationship.id }))).toBe("NOT_FOUND");
    expect((await lore().relationships.list.query({ entityId: spy.id })).items).toEqual([]);
    expect((await rival.relationships.get.query({ id: rivalRelationship.id })).weight).toBe(1);
  });
});
