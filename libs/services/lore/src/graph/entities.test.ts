import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization } from "../testing";
import { auditActions, insertDocument, mentionIn } from "./graph-test-fixtures";

let kit: LoreTestKit;
let org: LoreTestOrganization;
let other: LoreTestOrganization;
let personTypeId: string;
let placeTypeId: string;

beforeAll(async () => {
  kit = await startLoreTestKit({}, { workers: false });
  org = await kit.createOrganization("atlas");
  other = await kit.createOrganization("rival");
  personTypeId = (await kit.ownerOf(org).lore.entityTypes.create.mutate({ name: "Person" })).id;
  placeTypeId = (await kit.ownerOf(org).lore.entityTypes.create.mutate({ name: "Place" })).id;
});

afterAll(async () => {
  await kit?.close();
});

const lore = () => kit.ownerOf(org).lore;

describe("lore.entities", () => {
  it("creates, reads, updates and deletes an entity, recording each change", async () => {
    const created = await lore().entities.create.mutate({
      typeId: placeTypeId,
      name: "Greenwich",
      aliases: ["Royal Greenwich", "GREENWICH", "royal  greenwich"],
      description: "Where longitude starts",
      properties: { borough: true },
      location: { latitude: 51.4769, longitude: -0.0005 },
    });
    expect(created).toMatchObject({
      typeId: placeTypeId,
      typeName: "Place",
      name: "Greenwich",
      canonicalName: "greenwich",
      aliases: ["Royal Greenwich"],
      properties: { borough: true },
    });
    expect(created.location?.latitude).toBeCloseTo(51.4769, 6);
    expect(created.location?.longitude).toBeCloseTo(-0.0005, 6);
    expect(await lore().entities.get.query({ id: created.id })).toEqual({ ...created, mentionCount: 0, documents: [] });

    const updated = await lore().entities.update.mutate({
      id: created.id,
      name: "Royal Greenwich",
      location: null,
      description: null,
    });
    expect(updated).toMatchObject({ name: "Royal Greenwich", canonicalName: "royal greenwich", aliases: [] });
    expect(updated).toMatchObject({ location: null, description: null });
    expect(await lore().entities.delete.mutate({ id: created.id })).toEqual({ id: created.id });
    expect(await codeOf(lore().entities.get.query({ id: created.id }))).toBe("NOT_FOUND");
    expect(await auditActions(kit, created.id)).toEqual(["entity.created", "entity.updated", "entity.deleted"]);
  });

  it("counts mentions and lists the documents an entity appears in, most mentions first", async () => {
    const entity = await lore().entities.create.mutate({ typeId: personTypeId, name: "Grace Hopper" });
    const manual = await insertDocument(kit, org.id, "Compiler manual");
    const memoir = await insertDocument(kit, org.id, "Navy memoir");
    await mentionIn(kit, org.id, entity.id, manual, 1);
    await mentionIn(kit, org.id, entity.id, memoir, 3);
    const detail = await lore().entities.get.query({ id: entity.id });
    expect(detail.mentionCount).toBe(4);
    expect(detail.documents).toEqual([
      { id: memoir, title: "Navy memoir", mentionCount: 3 },
      { id: manual, title: "Compiler manual", mentionCount: 1 },
    ]);
  });

  it("keeps canonical names unique within a type only", async () => {
    await lore().entities.create.mutate({ typeId: placeTypeId, name: "Paris" });
    const repeated = await failureOf(lore().entities.create.mutate({ typeId: placeTypeId, name: " PARIS. " }));
    expect(repeated.data).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
    const person = await lore().entities.create.mutate({ typeId: personTypeId, name: "Paris" });
    expect(person.canonicalName).toBe("paris");
    expect((await lore().entities.update.mutate({ id: person.id, name: "paris" })).name).toBe("paris");
    const onlyPunctuation = await failureOf(lore().entities.create.mutate({ typeId: placeTypeId, name: "..." }));
    expect(onlyPunctuation.data.code).toBe("BAD_REQUEST");
    expect(onlyPunctuation.data.fieldErrors?.name).toBeDefined();
  });

  it("refuses bad input with the field", async () => {
    const latitude = await failureOf(
      lore().entities.create.mutate({ typeId: placeTypeId, name: "Nowhere", location: { latitude: 91, longitude: 0 } }),
    );
    expect(latitude.data.fieldErrors?.["location.latitude"]).toBeDefined();
    const typeId = await failureOf(lore().entities.create.mutate({ typeId: "not-a-uuid", name: "Nowhere" }));
    expect(typeId.data.fieldErrors?.typeId).toBeDefined();
    const aliases = await failureOf(
      lore().entities.create.mutate({ typeId: placeTypeId, name: "Nowhere", aliases: Array(101).fill("x") }),
    );
    expect(aliases.data.fieldErrors?.aliases).toBeDefined();
    const radius = await failureOf(
      lore().entities.list.query({ near: { latitude: 0, longitude: 0, radiusMeters: -1 } }),
    );
    expect(radius.data.fieldErrors?.["near.radiusMeters"]).toBeDefined();
    const threshold = await failureOf(lore().entities.duplicates.query({ threshold: 2 }));
    expect(threshold.data.fieldErrors?.threshold).toBeDefined();
  });

  it("treats another organization's entities as unknown", async () => {
    const foreignType = await kit.ownerOf(other).lore.entityTypes.create.mutate({ name: "Person" });
    const foreign = await kit.ownerOf(other).lore.entities.create.mutate({ typeId: foreignType.id, name: "Mole" });
    expect(await codeOf(lore().entities.get.query({ id: foreign.id }))).toBe("NOT_FOUND");
    expect(await codeOf(lore().entities.update.mutate({ id: foreign.id, name: "Turned" }))).toBe("NOT_FOUND");
    expect(await codeOf(lore().entities.delete.mutate({ id: foreign.id }))).toBe("NOT_FOUND");
    expect((await lore().entities.list.query({ text: "Mole" })).items).toEqual([]);
    expect((await kit.ownerOf(other).lore.entities.get.query({ id: foreign.id })).name).toBe("Mole");
  });
});

describe("lore.entities.list", () => {
  let authorTypeId: string;

  beforeAll(async () => {
    authorTypeId = (await lore().entityTypes.create.mutate({ name: "Author" })).id;
    for (const [name, aliases] of [
      ["Samuel Clemens", ["Mark Twain"]],
      ["Ada Lovelace", ["Countess of Lovelace"]],
      ["Ada Lovelace Byron", []],
      ["Mary Shelley", []],
    ] as const) {
      await lore().entities.create.mutate({ typeId: authorTypeId, name, aliases: [...aliases] });
    }
  });

  it("finds an entity by an alias, whatever its case and spacing", async () => {
    const found = await lore().entities.list.query({ text: "  mark   TWAIN ", typeId: authorTypeId });
    expect(found.items.map((entity) => entity.name)).toEqual(["Samuel Clemens"]);
    expect(found.items[0]?.similarity).toBe(1);
  });

  it("ranks names by trigram similarity, best first, a page at a time", async () => {
    const first = await lore().entities.list.query({ text: "Ada Lovelace", typeId: authorTypeId, limit: 1 });
    expect(first.items.map((entity) => entity.name)).toEqual(["Ada Lovelace"]);
    const second = await lore().entities.list.query({
      text: "Ada Lovelace",
      typeId: authorTypeId,
      limit: 1,
      cursor: first.nextCursor ?? "",
    });
    expect(second.items.map((entity) => entity.name)).toEqual(["Ada Lovelace Byron"]);
    expect(second.items[0]?.similarity).toBeLessThan(first.items[0]?.similarity ?? 0);
    expect(second.nextCursor).toBeNull();
  });

  it("lists by name without text, and filters by type", async () => {
    const page = await lore().entities.list.query({ typeId: authorTypeId, limit: 3 });
    expect(page.items.map((entity) => entity.name)).toEqual(["Ada Lovelace", "Ada Lovelace Byron", "Mary Shelley"]);
    const rest = await lore().entities.list.query({ typeId: authorTypeId, limit: 3, cursor: page.nextCursor ?? "" });
    expect(rest.items.map((entity) => entity.name)).toEqual(["Samuel Clemens"]);
    expect(await codeOf(lore().entities.list.query({ text: "Ada", cursor: page.nextCursor ?? "" }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("finds entities within a radius, nearest first", async () => {
    const cityTypeId = (await lore().entityTypes.create.mutate({ name: "City" })).id;
    for (const [name, latitude, longitude] of [
      ["London", 51.5074, -0.1278],
      ["Lille", 50.6292, 3.0573],
      ["New York", 40.7128, -74.006],
    ] as const) {
      await lore().entities.create.mutate({ typeId: cityTypeId, name, location: { latitude, longitude } });
    }
    await lore().entities.create.mutate({ typeId: cityTypeId, name: "Atlantis" });
    const nearLondon = { latitude: 51.5, longitude: -0.12 };
    const wide = await lore().entities.list.query({
      typeId: cityTypeId,
      near: { ...nearLondon, radiusMeters: 400_000 },
    });
    expect(wide.items.map((entity) => entity.name)).toEqual(["London", "Lille"]);
    expect(wide.items[1]?.distanceMeters).toBeGreaterThan(200_000);
    const narrow = await lore().entities.list.query({ near: { ...nearLondon, radiusMeters: 50_000 } });
    expect(narrow.items.map((entity) => entity.name)).toEqual(["London"]);
    const paged = await lore().entities.list.query({ near: { ...nearLondon, radiusMeters: 400_000 }, limit: 1 });
    const next = await lore().entities.list.query({
      near: { ...nearLondon, radiusMeters: 400_000 },
      limit: 1,
      cursor: paged.nextCursor ?? "",
    });
    expect(next.items.map((entity) => entity.name)).toEqual(["Lille"]);
  });
});

describe("lore.entities.duplicates", () => {
  it("pairs entities of one type whose names are alike, most alike first", async () => {
    const scientistTypeId = (await lore().entityTypes.create.mutate({ name: "Scientist" })).id;
    const ada = await lore().entities.create.mutate({ typeId: scientistTypeId, name: "Ada Lovelace" });
    const typo = await lore().entities.create.mutate({ typeId: scientistTypeId, name: "Ada Lovelance" });
    await lore().entities.create.mutate({ typeId: scientistTypeId, name: "Charles Babbage" });
    const shipTypeId = (await lore().entityTypes.create.mutate({ name: "Ship" })).id;
    await lore().entities.create.mutate({ typeId: shipTypeId, name: "Ada Lovelace II" });

    const { pairs } = await lore().entities.duplicates.query({ typeId: scientistTypeId });
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ typeId: scientistTypeId, typeName: "Scientist" });
    expect(new Set([pairs[0]?.first.id, pairs[0]?.second.id])).toEqual(new Set([ada.id, typo.id]));
    expect(pairs[0]?.similarity).toBeGreaterThan(0.6);
    expect((await lore().entities.duplicates.query({ typeId: scientistTypeId, threshold: 0.9 })).pairs).toEqual([]);
    const everyType = await lore().entities.duplicates.query({ limit: 200 });
    expect(everyType.pairs.every((pair) => pair.first.id !== pair.second.id)).toBe(true);
    expect(everyType.pairs.some((pair) => pair.typeName === "Ship" || pair.first.name === "Ada Lovelace II")).toBe(
      false,
    );
  });
});
