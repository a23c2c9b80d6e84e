import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization } from "../testing";

let kit: VectorTestKit;
let org: VectorTestOrganization;
let other: VectorTestOrganization;
let hashModelId: string;
let wideModelId: string;
let smallModelId: string;

async function registerPrecomputedModel(organizationId: string, name: string, dimensions: number): Promise<string> {
  const row = await kit.database.ownerDb
    .insertInto("vector.embedding_models")
    .values({ organization_id: organizationId, name, provider: "precomputed", dimensions, distance: "cosine" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

function unitVector(dimensions: number, seed: number): number[] {
  return Array.from({ length: dimensions }, (_, i) => Math.sin(seed * 31 + i * 0.7) + 0.01);
}

beforeAll(async () => {
  kit = await startVectorTestKit({}, { workers: false });
  org = await kit.createOrganization("embed");
  other = await kit.createOrganization("elsewhere");
  const hash = await kit.database.ownerDb
    .selectFrom("vector.embedding_models")
    .select("id")
    .where("organization_id", "is", null)
    .where("provider", "=", "hash")
    .executeTakeFirstOrThrow();
  hashModelId = hash.id;
  wideModelId = await registerPrecomputedModel(org.id, "wide-1536", 1536);
  smallModelId = await registerPrecomputedModel(org.id, "small-3", 3);
});

afterAll(async () => {
  await kit?.close();
});

const asOwner = () => kit.ownerOf(org);

describe("vector.embeddings.upsert", () => {
  it("embeds text on the server with the built-in hash model and reads it back", async () => {
    const result = await asOwner().vector.embeddings.upsert.mutate({
      modelId: hashModelId,
      items: [
        { content: "Cauldrons bubble over a slow fire", metadata: { topic: "brewing" } },
        { content: "Ravens nest in the old tower" },
      ],
    });
    expect(result.modelId).toBe(hashModelId);
    expect(result.items.map((item) => item.created)).toEqual([true, true]);
    const { items } = await asOwner().vector.embeddings.get.query({
      ids: result.items.map((item) => item.id),
      includeVectors: true,
    });
    expect(items.map((item) => [item.content, item.metadata, item.dimensions, item.vector?.length])).toEqual([
      ["Cauldrons bubble over a slow fire", { topic: "brewing" }, 384, 384],
      ["Ravens nest in the old tower", {}, 384, 384],
    ]);
    expect(items[0]?.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stores precomputed vectors as sent", async () => {
    const vector = [0.25, -0.5, 1];
    const result = await asOwner().vector.embeddings.upsert.mutate({
      modelId: smallModelId,
      items: [{ content: "three numbers", vector }],
    });
    const { items } = await asOwner().vector.embeddings.get.query({ ids: [result.items[0]!.id], includeVectors: true });
    expect(items[0]?.vector).toEqual(vector);
    expect(items[0]?.modelId).toBe(smallModelId);
  });

  it("is idempotent by content: the same text again keeps its id, reports created false and takes the new metadata", async () => {
    const first = await asOwner().vector.embeddings.upsert.mutate({
      modelId: hashModelId,
      items: [{ content: "Idempotent brew", metadata: { version: 1 } }],
    });
    const second = await asOwner().vector.embeddings.upsert.mutate({
      modelId: hashModelId,
      items: [{ content: "Idempotent brew", metadata: { version: 2 } }],
    });
    expect(second.items).toEqual([{ id: first.items[0]!.id, created: false }]);
    const { items } = await asOwner().vector.embeddings.get.query({ ids: [first.items[0]!.id] });
    expect(items[0]?.metadata).toEqual({ version: 2 });
  });

  it("keys rows by entity too, and folds duplicates inside one call with the last one winning", async () => {
    const entityA = "0b9d1f0e-5f43-4a4e-9f65-3f1e2a1b0c01";
    const entityB = "0b9d1f0e-5f43-4a4e-9f65-3f1e2a1b0c02";
    const result = await asOwner().vector.embeddings.upsert.mutate({
      modelId: smallModelId,
      items: [
        { content: "shared text", vector: [1, 0, 0], entityType: "chunk", entityId: entityA },
        { content: "shared text", vector: [0, 1, 0], entityType: "chunk", entityId: entityB },
        { content: "shared text", vector: [0, 0, 1], entityType: "chunk", entityId: entityA.toUpperCase() },
      ],
    });
    const [a, b, again] = result.items;
    expect(a?.id).not.toBe(b?.id);
    expect(again).toEqual(a);
    const { items } = await asOwner().vector.embeddings.get.query({ ids: [a!.id, b!.id], includeVectors: true });
    expect(items.map((item) => [item.entityType, item.entityId, item.vector])).toEqual([
      ["chunk", entityA, [0, 0, 1]],
      ["chunk", entityB, [0, 1, 0]],
    ]);
    const repeat = await asOwner().vector.embeddings.upsert.mutate({
      modelId: smallModelId,
      items: [{ content: "shared text", vector: [1, 1, 0], entityType: "chunk", entityId: entityB }],
    });
    expect(repeat.items).toEqual([{ id: b!.id, created: false }]);
  });

  it("names the item whose vector has the wrong length, and stores nothing from the call", async () => {
    const failure = await failureOf(
      asOwner().vector.embeddings.upsert.mutate({
        modelId: smallModelId,
        items: [
          { content: "fine", vector: [1, 2, 3] },
          { content: "too long", vector: [1, 2, 3, 4] },
          { content: "zero", vector: [0, 0, 0] },
        ],
      }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(failure.data.fieldErrors?.["items.1.vector"]?.[0]).toContain("4 numbers but the model has 3 dimensions");
    expect(failure.data.fieldErrors?.["items.2.vector"]?.[0]).toContain("all zeros");
    const stored = await kit.database.ownerDb
      .selectFrom("vector.embeddings")
      .select("id")
      .where("content", "=", "fine")
      .execute();
    expect(stored).toEqual([]);
  });

  it("requires a vector with every item of a precomputed model", async () => {
    const failure = await failureOf(
      asOwner().vector.embeddings.upsert.mutate({ modelId: smallModelId, items: [{ content: "no vector here" }] }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(failure.data.fieldErrors?.["items.0.vector"]?.[0]).toContain("precomputed: send a vector with every item");
  });

  it("refuses metadata Postgres cannot store, naming the item", async () => {
    const failure = await failureOf(
      asOwner().vector.embeddings.upsert.mutate({
        modelId: smallModelId,
        items: [
          { content: "nul inside", vector: [1, 0, 0], metadata: { note: "a\u0000b" } },
          { content: "when", vector: [1, 0, 0], metadata: { at: new Date() } },
        ],
      }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.data.fieldErrors ?? {})).toEqual(["items.0.metadata", "items.1.metadata"]);
  });

  it("refuses new embeddings for a retired model", async () => {
    const retired = await registerPrecomputedModel(org.id, "retired-3", 3);
    await kit.database.ownerDb
      .updateTable("vector.embedding_models")
      .set({ retired_at: new Date() })
      .where("id", "=", retired)
      .execute();
    const failure = await failureOf(
      asOwner().vector.embeddings.upsert.mutate({ modelId: retired, items: [{ content: "late", vector: [1, 0, 0] }] }),
    );
    expect(failure.data.code).toBe("PRECONDITION_FAILED");
    expect(failure.message).toContain("retired-3");
  });

  it("takes 1,000 vectors of 1,536 dimensions in one call", async () => {
    const items = Array.from({ length: 1_000 }, (_, i) => ({
      content: `bulk item ${i}`,
      vector: unitVector(1536, i),
      metadata: { batch: "bulk", position: i },
    }));
    const result = await asOwner().vector.embeddings.upsert.mutate({ modelId: wideModelId, items });
    expect(result.items).toHaveLength(1_000);
    expect(new Set(result.items.map((item) => item.id)).size).toBe(1_000);
    expect(result.items.every((item) => item.created)).toBe(true);
    const { items: stored } = await asOwner().vector.embeddings.get.query({
      ids: [result.items[999]!.id],
      includeVectors: true,
    });
    expect(stored[0]?.vector).toHaveLength(1536);
    expect(stored[0]?.vector?.[5]).toBeCloseTo(items[999]!.vector[5]!, 5);
  });
});

describe("vector.embeddings in collections", () => {
  it("writes to the collection's model, links the items and checks metadata against its schema, naming the field", async () => {
    const collection = await asOwner().vector.collections.create.mutate({
      name: "Products",
      metadataSchema: {
        type: "object",
        properties: { price: { type: "number", minimum: 0 }, sku: { type: "string", pattern: "^[A-Z]{3}-\\d+$" } },
        required: ["price"],
      },
    });
    expect(collection.modelId).toBe(hashModelId);
    const failure = await failureOf(
      asOwner().vector.embeddings.upsert.mutate({
        collectionId: collection.id,
        items: [
          { content: "kettle", metadata: { price: 30, sku: "KET-1" } },
          { content: "ladle", metadata: { price: 4 } },
          { content: "broom", metadata: { price: "cheap", sku: "broom" } },
          { content: "cloak", metadata: {} },
        ],
      }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.data.fieldErrors ?? {}).sort()).toEqual([
      "items.2.metadata.price",
      "items.2.metadata.sku",
      "items.3.metadata.price",
    ]);
    expect(failure.data.fieldErrors?.["items.2.metadata.price"]?.[0]).toContain("must be number");

    const stored = await asOwner().vector.embeddings.upsert.mutate({
      collectionId: collection.id,
      items: [
        { content: "kettle", metadata: { price: 30, sku: "KET-1" } },
        { content: "ladle", metadata: { price: 4 } },
      ],
    });
    expect(stored.modelId).toBe(hashModelId);
    const { items } = await asOwner().vector.embeddings.get.query({ ids: stored.items.map((item) => item.id) });
    expect(items.map((item) => item.collectionIds)).toEqual([[collection.id], [collection.id]]);
    expect((await asOwner().vector.collections.get.query({ collectionId: collection.id })).itemCount).toBe(2);
  });

  it("answers NOT_FOUND for a collection or model the organization does not have", async () => {
    const missing = "6a1c5e3b-1d2f-4c8a-9b7e-0f1e2d3c4b5a";
    expect(
      await codeOf(asOwner().vector.embeddings.upsert.mutate({ collectionId: missing, items: [{ content: "x" }] })),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(asOwner().vector.embeddings.upsert.mutate({ modelId: missing, items: [{ content: "x" }] })),
    ).toBe("NOT_FOUND");
  });
});

describe("vector.embeddings between organizations and roles", () => {
  it("keeps one organization's embeddings, models and collections from another", async () => {
    const mine = await asOwner().vector.embeddings.upsert.mutate({
      modelId: hashModelId,
      items: [{ content: "private potion recipe" }],
    });
    const collection = await asOwner().vector.collections.create.mutate({ name: "Private shelf" });
    const outsider = kit.ownerOf(other);
    const ids = mine.items.map((item) => item.id);
    expect(await outsider.vector.embeddings.get.query({ ids })).toEqual({ items: [] });
    expect(await outsider.vector.embeddings.delete.mutate({ ids })).toEqual({ deleted: 0 });
    expect(
      await codeOf(
        outsider.vector.embeddings.upsert.mutate({
          modelId: smallModelId,
          items: [{ content: "x", vector: [1, 0, 0] }],
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await codeOf(
        outsider.vector.embeddings.upsert.mutate({ collectionId: collection.id, items: [{ content: "x" }] }),
      ),
    ).toBe("NOT_FOUND");
    expect(await codeOf(outsider.vector.embeddings.delete.mutate({ collectionId: collection.id, filter: {} }))).toBe(
      "NOT_FOUND",
    );
    expect(await outsider.vector.embeddings.delete.mutate({ filter: {} })).toEqual({ deleted: 0 });
    expect((await asOwner().vector.embeddings.get.query({ ids })).items).toHaveLength(1);
  });

  it("lets a viewer read embeddings but not write or delete them", async () => {
    const viewer = await kit.createUser("viewer");
    await kit.addMember(org.id, viewer, "viewer");
    const client = kit.as(viewer, org.id);
    const stored = await asOwner().vector.embeddings.upsert.mutate({
      modelId: hashModelId,
      items: [{ content: "for viewing only" }],
    });
    expect((await client.vector.embeddings.get.query({ ids: [stored.items[0]!.id] })).items).toHaveLength(1);
    expect(
      await codeOf(client.vector.embeddings.upsert.mutate({ modelId: hashModelId, items: [{ content: "no" }] })),
    ).toBe("FORBIDDEN");
    expect(await codeOf(client.vector.embeddings.delete.mutate({ ids: [stored.items[0]!.id] }))).toBe("FORBIDDEN");
  });
});

describe("vector.embeddings.delete and events", () => {
  it("deletes by id and by metadata filter within a model, publishing embedding.upserted and embedding.deleted", async () => {
    const model = await registerPrecomputedModel(org.id, "events-3", 3);
    await kit.takeEvents();
    const stored = await asOwner().vector.embeddings.upsert.mutate({
      modelId: model,
      items: [
        { content: "red potion", vector: [1, 0, 0], metadata: { colour: "red", strength: 3 } },
        { content: "blue potion", vector: [0, 1, 0], metadata: { colour: "blue", strength: 5 } },
        { content: "green potion", vector: [0, 0, 1], metadata: { colour: "green", strength: 9 } },
      ],
    });
    const [red, blue, green] = stored.items.map((item) => item.id);
    expect(
      await asOwner().vector.embeddings.delete.mutate({
        modelId: model,
        filter: { strength: { gte: 5 }, colour: { ne: "green" } },
      }),
    ).toEqual({ deleted: 1 });
    expect(await asOwner().vector.embeddings.delete.mutate({ ids: [red!, green!] })).toEqual({ deleted: 2 });
    expect((await asOwner().vector.embeddings.get.query({ ids: [red!, blue!, green!] })).items).toEqual([]);

    const events = await kit.takeEvents();
    expect(events.map((event) => [event.type, event.payload])).toEqual([
      [
        "embedding.upserted",
        { organizationId: org.id, modelId: model, collectionId: null, embeddingIds: [red, blue, green], created: 3 },
      ],
      ["embedding.deleted", { organizationId: org.id, embeddingIds: [blue] }],
      ["embedding.deleted", { organizationId: org.id, embeddingIds: expect.arrayContaining([red, green]) }],
    ]);
  });

  it("deletes by entity across the organization's models when no model is named", async () => {
    const entityId = "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a";
    const onSmall = await asOwner().vector.embeddings.upsert.mutate({
      modelId: smallModelId,
      items: [{ content: "entity text", vector: [1, 2, 3], entityType: "document", entityId }],
    });
    const onHash = await asOwner().vector.embeddings.upsert.mutate({
      modelId: hashModelId,
      items: [{ content: "entity text", entityType: "document", entityId }],
    });
    expect(await asOwner().vector.embeddings.delete.mutate({ entityType: "document", entityId })).toEqual({
      deleted: 2,
    });
    const ids = [onSmall.items[0]!.id, onHash.items[0]!.id];
    expect((await asOwner().vector.embeddings.get.query({ ids })).items).toEqual([]);
  });

  it("takes a service's dotted entity type, such as lore.chunk, and refuses other punctuation", async () => {
    const entityId = "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
    const stored = await asOwner().vector.embeddings.upsert.mutate({
      modelId: smallModelId,
      items: [{ content: "a lore passage", vector: [3, 2, 1], entityType: "lore.chunk", entityId }],
    });
    const { items } = await asOwner().vector.embeddings.get.query({ ids: [stored.items[0]!.id] });
    expect(items[0]).toMatchObject({ entityType: "lore.chunk", entityId });
    for (const entityType of ["lore..chunk", ".chunk", "lore.Chunk", "lore/chunk"]) {
      const refused = asOwner().vector.embeddings.upsert.mutate({
        modelId: smallModelId,
        items: [{ content: "a lore passage", vector: [3, 2, 1], entityType, entityId }],
      });
      expect(await codeOf(refused), entityType).toBe("BAD_REQUEST");
    }
  });

  it("takes matching items out of a collection and deletes only those no other collection holds", async () => {
    const first = await asOwner().vector.collections.create.mutate({ name: "Shelf one", modelId: smallModelId });
    const second = await asOwner().vector.collections.create.mutate({ name: "Shelf two", modelId: smallModelId });
    const shared = { content: "on both shelves", vector: [1, 1, 1], metadata: { kind: "jar" } };
    const alone = { content: "on shelf one only", vector: [1, 0, 1], metadata: { kind: "jar" } };
    const kept = { content: "a bottle", vector: [0, 1, 1], metadata: { kind: "bottle" } };
    const inFirst = await asOwner().vector.embeddings.upsert.mutate({
      collectionId: first.id,
      items: [shared, alone, kept],
    });
    await asOwner().vector.embeddings.upsert.mutate({ collectionId: second.id, items: [shared] });
    await kit.takeEvents();

    expect(
      await asOwner().vector.embeddings.delete.mutate({ collectionId: first.id, filter: { kind: "jar" } }),
    ).toEqual({
      deleted: 2,
    });
    const [sharedId, aloneId, keptId] = inFirst.items.map((item) => item.id);
    const { items } = await asOwner().vector.embeddings.get.query({ ids: [sharedId!, aloneId!, keptId!] });
    expect(items.map((item) => [item.id, item.collectionIds])).toEqual([
      [sharedId, [second.id]],
      [keptId, [first.id]],
    ]);
    const events = await kit.takeEvents();
    expect(events.map((event) => [event.type, event.payload])).toEqual([
      ["embedding.deleted", { organizationId: org.id, embeddingIds: [aloneId] }],
    ]);
  });
});
