import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization } from "../testing";
import { auditActions, UNKNOWN_ID } from "./graph-test-fixtures";

let kit: LoreTestKit;
let org: LoreTestOrganization;
let other: LoreTestOrganization;

beforeAll(async () => {
  kit = await startLoreTestKit({}, { workers: false });
  org = await kit.createOrganization("atlas");
  other = await kit.createOrganization("rival");
});

afterAll(async () => {
  await kit?.close();
});

const lore = () => kit.ownerOf(org).lore;

describe("lore.entityTypes", () => {
  it("creates, reads, lists, updates and deletes an entity type, recording each change", async () => {
    const created = await lore().entityTypes.create.mutate({
      name: "Person",
      description: "Someone",
      schema: { type: "object", properties: { born: { type: "string" } } },
    });
    expect(created).toMatchObject({ name: "Person", description: "Someone", entityCount: 0 });
    expect(created.schema).toEqual({ type: "object", properties: { born: { type: "string" } } });
    expect(await lore().entityTypes.get.query({ id: created.id })).toEqual(created);
    const renamed = await lore().entityTypes.update.mutate({ id: created.id, name: "Human", description: null });
    expect(renamed).toMatchObject({ id: created.id, name: "Human", description: null });
    expect((await lore().entityTypes.list.query({})).items.map((type) => type.name)).toContain("Human");
    expect(await lore().entityTypes.delete.mutate({ id: created.id })).toEqual({ id: created.id });
    expect(await codeOf(lore().entityTypes.get.query({ id: created.id }))).toBe("NOT_FOUND");
    expect(await auditActions(kit, created.id)).toEqual([
      "entity_type.created",
      "entity_type.updated",
      "entity_type.deleted",
    ]);
  });

  it("pages through entity types by name", async () => {
    for (const name of ["Alpha", "Beta", "Gamma"]) await kit.ownerOf(other).lore.entityTypes.create.mutate({ name });
    const first = await kit.ownerOf(other).lore.entityTypes.list.query({ limit: 2 });
    expect(first.items.map((type) => type.name)).toEqual(["Alpha", "Beta"]);
    const second = await kit.ownerOf(other).lore.entityTypes.list.query({ limit: 2, cursor: first.nextCursor ?? "" });
    expect(second).toMatchObject({ items: [{ name: "Gamma" }], nextCursor: null });
    expect(await codeOf(kit.ownerOf(other).lore.entityTypes.list.query({ cursor: "bogus" }))).toBe("BAD_REQUEST");
  });

  it("answers CONFLICT name_taken for a repeated name, and CONFLICT on deleting a type entities use", async () => {
    const place = await lore().entityTypes.create.mutate({ name: "Place" });
    const failure = await failureOf(lore().entityTypes.create.mutate({ name: "Place" }));
    expect(failure.data).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
    const entity = await lore().entities.create.mutate({ typeId: place.id, name: "London" });
    expect((await lore().entityTypes.get.query({ id: place.id })).entityCount).toBe(1);
    expect(await codeOf(lore().entityTypes.delete.mutate({ id: place.id }))).toBe("CONFLICT");
    await lore().entities.delete.mutate({ id: entity.id });
    expect(await lore().entityTypes.delete.mutate({ id: place.id })).toEqual({ id: place.id });
  });

  it("refuses bad input with the field, and treats another organization's type as unknown", async () => {
    const empty = await failureOf(lore().entityTypes.create.mutate({ name: "  " }));
    expect(empty.data.code).toBe("BAD_REQUEST");
    expect(empty.data.fieldErrors?.name).toBeDefined();
    const nothing = await failureOf(lore().entityTypes.update.mutate({ id: UNKNOWN_ID }));
    expect(nothing.data.code).toBe("BAD_REQUEST");
    const notObject = await failureOf(
      lore().entityTypes.create.mutate({ name: "Bad", schema: [] as unknown as Record<string, unknown> }),
    );
    expect(notObject.data.fieldErrors?.schema).toBeDefined();

    const foreign = await kit.ownerOf(other).lore.entityTypes.create.mutate({ name: "Secret" });
    expect(await codeOf(lore().entityTypes.get.query({ id: foreign.id }))).toBe("NOT_FOUND");
    expect(await codeOf(lore().entityTypes.update.mutate({ id: foreign.id, name: "Mine" }))).toBe("NOT_FOUND");
    expect(await codeOf(lore().entityTypes.delete.mutate({ id: foreign.id }))).toBe("NOT_FOUND");
    expect(await codeOf(lore().entities.create.mutate({ typeId: foreign.id, name: "Spy" }))).toBe("NOT_FOUND");
    expect((await kit.ownerOf(other).lore.entityTypes.get.query({ id: foreign.id })).name).toBe("Secret");
  });

  it("lets a member read types but keeps deleting for those who may delete", async () => {
    const member = await kit.createUser("member");
    await kit.addMember(org.id, member, "member");
    const type = await kit.as(member, org.id).lore.entityTypes.create.mutate({ name: "Event" });
    expect((await kit.as(member, org.id).lore.entityTypes.get.query({ id: type.id })).name).toBe("Event");
    expect(await codeOf(kit.as(member, org.id).lore.entityTypes.delete.mutate({ id: type.id }))).toBe("FORBIDDEN");
    const viewer = await kit.createUser("viewer");
    await kit.addMember(org.id, viewer, "viewer");
    expect(await codeOf(kit.as(viewer, org.id).lore.entityTypes.create.mutate({ name: "Nope" }))).toBe("FORBIDDEN");
  });
});

describe("lore.relationshipTypes", () => {
  it("creates, lists, updates and deletes a relationship type", async () => {
    const created = await lore().relationshipTypes.create.mutate({ name: "works for", inverseName: "employs" });
    expect(created).toMatchObject({ name: "works for", inverseName: "employs", directed: true, relationshipCount: 0 });
    const updated = await lore().relationshipTypes.update.mutate({
      id: created.id,
      directed: false,
      inverseName: null,
      description: "Employment",
    });
    expect(updated).toMatchObject({ directed: false, inverseName: null, description: "Employment" });
    expect((await lore().relationshipTypes.list.query({})).items.map((type) => type.id)).toContain(created.id);
    expect(await lore().relationshipTypes.delete.mutate({ id: created.id })).toEqual({ id: created.id });
    expect(await auditActions(kit, created.id)).toEqual([
      "relationship_type.created",
      "relationship_type.updated",
      "relationship_type.deleted",
    ]);
  });

  it("answers CONFLICT for a repeated name and while relationships use the type", async () => {
    const knows = await lore().relationshipTypes.create.mutate({ name: "knows" });
    expect((await failureOf(lore().relationshipTypes.create.mutate({ name: "knows" }))).data.reason).toBe("name_taken");
    const person = await lore().entityTypes.create.mutate({ name: "Acquaintance" });
    const ada = await lore().entities.create.mutate({ typeId: person.id, name: "Ada" });
    const charles = await lore().entities.create.mutate({ typeId: person.id, name: "Charles" });
    const link = await lore().relationships.create.mutate({
      sourceEntityId: ada.id,
      targetEntityId: charles.id,
      typeId: knows.id,
    });
    expect((await lore().relationshipTypes.get.query({ id: knows.id })).relationshipCount).toBe(1);
    expect(await codeOf(lore().relationshipTypes.delete.mutate({ id: knows.id }))).toBe("CONFLICT");
    await lore().relationships.delete.mutate({ id: link.id });
    expect(await lore().relationshipTypes.delete.mutate({ id: knows.id })).toEqual({ id: knows.id });
  });

  it("refuses bad input with the field and another organization's type", async () => {
    const long = await failureOf(lore().relationshipTypes.create.mutate({ name: "x".repeat(121) }));
    expect(long.data.fieldErrors?.name).toBeDefined();
    const directed = await failureOf(
      lore().relationshipTypes.create.mutate({ name: "y", directed: "yes" as unknown as boolean }),
    );
    expect(directed.data.fieldErrors?.directed).toBeDefined();
    const foreign = await kit.ownerOf(other).lore.relationshipTypes.create.mutate({ name: "hidden" });
    expect(await codeOf(lore().relationshipTypes.update.mutate({ id: foreign.id, name: "mine" }))).toBe("NOT_FOUND");
    expect(await codeOf(lore().relationshipTypes.delete.mutate({ id: foreign.id }))).toBe("NOT_FOUND");
  });
});
