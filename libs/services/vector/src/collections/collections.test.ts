import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization } from "../testing";

let kit: VectorTestKit;
let org: VectorTestOrganization;
let other: VectorTestOrganization;
let hashModelId: string;

async function registerPrecomputedModel(organizationId: string, name: string, dimensions: number): Promise<string> {
  const row = await kit.database.ownerDb
    .insertInto("vector.embedding_models")
    .values({ organization_id: organizationId, name, provider: "precomputed", dimensions })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  kit = await startVectorTestKit({}, { workers: false });
  org = await kit.createOrganization("shelves");
  other = await kit.createOrganization("rival");
  const hash = await kit.database.ownerDb
    .selectFrom("vector.embedding_models")
    .select("id")
    .where("organization_id", "is", null)
    .where("is_default", "=", true)
    .executeTakeFirstOrThrow();
  hashModelId = hash.id;
});

afterAll(async () => {
  await kit?.close();
});

const asOwner = () => kit.ownerOf(org);

describe("vector.collections", () => {
  it("creates a collection on the organization's default model, reads, renames and deletes it, recording each change", async () => {
    const created = await asOwner().vector.collections.create.mutate({
      name: "Recipes",
      description: "Potions and brews",
      metadataSchema: { type: "object", properties: { serves: { type: "integer" } } },
    });
    expect(created).toMatchObject({
      name: "Recipes",
      description: "Potions and brews",
      modelId: hashModelId,
      metadataSchema: { type: "object", properties: { serves: { type: "integer" } } },
      itemCount: 0,
    });
    const renamed = await asOwner().vector.collections.update.mutate({ collectionId: created.id, name: "Old recipes" });
    expect(renamed.name).toBe("Old recipes");
    expect(await asOwner().vector.collections.get.query({ collectionId: created.id })).toEqual(renamed);
    expect(await asOwner().vector.collections.delete.mutate({ collectionId: created.id })).toEqual({
      collectionId: created.id,
      deletedEmbeddings: 0,
    });
    expect(await codeOf(asOwner().vector.collections.get.query({ collectionId: created.id }))).toBe("NOT_FOUND");
    const audit = await kit.database.ownerDb
      .selectFrom("audit.audit_logs")
      .select(["action", "actor_user_id"])
      .where("target_id", "=", created.id)
      .orderBy("created_at")
      .execute();
    expect(audit).toEqual([
      { action: "collection.created", actor_user_id: org.owner.id },
      { action: "collection.updated", actor_user_id: org.owner.id },
      { action: "collection.deleted", actor_user_id: org.owner.id },
    ]);
  });

  it("answers CONFLICT name_taken for a name the organization uses, and allows it in another organization", async () => {
    await asOwner().vector.collections.create.mutate({ name: "Scrolls" });
    const failure = await failureOf(asOwner().vector.collections.create.mutate({ name: "Scrolls" }));
    expect(failure.data).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
    expect(failure.message).toContain("Scrolls");
    const second = await asOwner().vector.collections.create.mutate({ name: "Tomes" });
    expect(
      (await failureOf(asOwner().vector.collections.update.mutate({ collectionId: second.id, name: "Scrolls" }))).data
        .reason,
    ).toBe("name_taken");
    expect((await kit.ownerOf(other).vector.collections.create.mutate({ name: "Scrolls" })).name).toBe("Scrolls");
  });

  it("uses a named model of the organization and refuses retired, unknown and foreign ones", async () => {
    const own = await registerPrecomputedModel(org.id, "own-8", 8);
    expect((await asOwner().vector.collections.create.mutate({ name: "Own model", modelId: own })).modelId).toBe(own);
    const retired = await registerPrecomputedModel(org.id, "retired-8", 8);
    await kit.database.ownerDb
      .updateTable("vector.embedding_models")
      .set({ retired_at: new Date() })
      .where("id", "=", retired)
      .execute();
    expect(await codeOf(asOwner().vector.collections.create.mutate({ name: "Retired", modelId: retired }))).toBe(
      "PRECONDITION_FAILED",
    );
    const foreign = await registerPrecomputedModel(other.id, "foreign-8", 8);
    expect(await codeOf(asOwner().vector.collections.create.mutate({ name: "Foreign", modelId: foreign }))).toBe(
      "NOT_FOUND",
    );
    expect(
      await codeOf(
        asOwner().vector.collections.create.mutate({
          name: "Unknown",
          modelId: "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9",
        }),
      ),
    ).toBe("NOT_FOUND");
  });

  it("refuses a metadata schema that does not compile, naming the problem", async () => {
    const badType = await failureOf(
      asOwner().vector.collections.create.mutate({ name: "Bad", metadataSchema: { type: "decimal" } }),
    );
    expect(badType.data.code).toBe("BAD_REQUEST");
    expect(badType.data.fieldErrors?.metadataSchema?.[0]).toContain("metadataSchema/type");
    const lookbehind = await failureOf(
      asOwner().vector.collections.create.mutate({
        name: "Bad",
        metadataSchema: { properties: { code: { type: "string", pattern: "(?<=x)y" } } },
      }),
    );
    expect(lookbehind.data.fieldErrors?.metadataSchema?.[0]).toContain("(?<=x)y");
    const remote = await failureOf(
      asOwner().vector.collections.create.mutate({ name: "Bad", metadataSchema: { $ref: "https://example.test/s" } }),
    );
    expect(remote.data.fieldErrors?.metadataSchema?.[0]).toContain("https://example.test/s");
    const nul = await failureOf(
      asOwner().vector.collections.create.mutate({ name: "Bad", metadataSchema: { description: "a\u0000b" } }),
    );
    expect(nul.data.fieldErrors?.metadataSchema?.[0]).toContain("NUL");
    expect((await asOwner().vector.collections.list.query({ search: "bad" })).items).toEqual([]);
  });

  it("checks patterns in linear time, so crafted metadata cannot stall the service", async () => {
    const collection = await asOwner().vector.collections.create.mutate({
      name: "Patterned",
      modelId: await registerPrecomputedModel(org.id, "patterned-2", 2),
      metadataSchema: { properties: { word: { type: "string", pattern: "^(a+)+$" } } },
    });
    const failure = await failureOf(
      asOwner().vector.embeddings.upsert.mutate({
        collectionId: collection.id,
        items: [{ content: "crafted", vector: [1, 0], metadata: { word: `${"a".repeat(10_000)}!` } }],
      }),
    );
    expect(failure.data.fieldErrors?.["items.0.metadata.word"]?.[0]).toContain("must match pattern");
  });

  it("applies a changed metadata schema to the items written after the change", async () => {
    const collection = await asOwner().vector.collections.create.mutate({
      name: "Prices",
      modelId: await registerPrecomputedModel(org.id, "prices-2", 2),
      metadataSchema: { properties: { price: { type: "number" } } },
    });
    await asOwner().vector.embeddings.upsert.mutate({
      collectionId: collection.id,
      items: [{ content: "numeric price", vector: [1, 0], metadata: { price: 3 } }],
    });
    await asOwner().vector.collections.update.mutate({
      collectionId: collection.id,
      metadataSchema: { properties: { price: { type: "string" } } },
    });
    const failure = await failureOf(
      asOwner().vector.embeddings.upsert.mutate({
        collectionId: collection.id,
        items: [{ content: "numeric again", vector: [0, 1], metadata: { price: 3 } }],
      }),
    );
    expect(failure.data.fieldErrors?.["items.0.metadata.price"]?.[0]).toContain("must be string");
    expect((await asOwner().vector.collections.get.query({ collectionId: collection.id })).itemCount).toBe(1);
  });

  it("lists collections by name, page by page, with search", async () => {
    for (const name of ["Herb garden", "Herb cellar", "Herb attic"]) {
      await asOwner().vector.collections.create.mutate({ name });
    }
    const first = await asOwner().vector.collections.list.query({ search: "herb", limit: 2 });
    expect(first.items.map((collection) => collection.name)).toEqual(["Herb attic", "Herb cellar"]);
    const second = await asOwner().vector.collections.list.query({
      search: "herb",
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((collection) => collection.name)).toEqual(["Herb garden"]);
    expect(second.nextCursor).toBeNull();
  });

  it("deletes the embeddings only the deleted collection held, in one change announced by embedding.deleted", async () => {
    const model = await registerPrecomputedModel(org.id, "cellar-2", 2);
    const doomed = await asOwner().vector.collections.create.mutate({ name: "Doomed cellar", modelId: model });
    const survivor = await asOwner().vector.collections.create.mutate({ name: "Surviving cellar", modelId: model });
    const stored = await asOwner().vector.embeddings.upsert.mutate({
      collectionId: doomed.id,
      items: [
        { content: "only in the doomed cellar", vector: [1, 0] },
        { content: "in both cellars", vector: [0, 1] },
      ],
    });
    await asOwner().vector.embeddings.upsert.mutate({
      collectionId: survivor.id,
      items: [{ content: "in both cellars", vector: [0, 1] }],
    });
    expect((await asOwner().vector.collections.get.query({ collectionId: doomed.id })).itemCount).toBe(2);
    await kit.takeEvents();

    const [onlyId, sharedId] = stored.items.map((item) => item.id);
    expect(await asOwner().vector.collections.delete.mutate({ collectionId: doomed.id })).toEqual({
      collectionId: doomed.id,
      deletedEmbeddings: 1,
    });
    const { items } = await asOwner().vector.embeddings.get.query({ ids: [onlyId!, sharedId!] });
    expect(items.map((item) => [item.id, item.collectionIds])).toEqual([[sharedId, [survivor.id]]]);
    const events = await kit.takeEvents();
    expect(events.map((event) => [event.type, event.payload])).toEqual([
      ["embedding.deleted", { organizationId: org.id, embeddingIds: [onlyId] }],
    ]);
  });

  it("lets a viewer read collections but not change them, and hides them from other organizations", async () => {
    const collection = await asOwner().vector.collections.create.mutate({ name: "Guarded" });
    const viewer = await kit.createUser("viewer");
    await kit.addMember(org.id, viewer, "viewer");
    const asViewer = kit.as(viewer, org.id);
    expect((await asViewer.vector.collections.get.query({ collectionId: collection.id })).name).toBe("Guarded");
    expect(await codeOf(asViewer.vector.collections.create.mutate({ name: "Sneaky" }))).toBe("FORBIDDEN");
    expect(
      await codeOf(asViewer.vector.collections.update.mutate({ collectionId: collection.id, name: "Taken over" })),
    ).toBe("FORBIDDEN");
    expect(await codeOf(asViewer.vector.collections.delete.mutate({ collectionId: collection.id }))).toBe("FORBIDDEN");

    const outsider = kit.ownerOf(other);
    expect(await codeOf(outsider.vector.collections.get.query({ collectionId: collection.id }))).toBe("NOT_FOUND");
    expect(
      await codeOf(outsider.vector.collections.update.mutate({ collectionId: collection.id, name: "Mine now" })),
    ).toBe("NOT_FOUND");
    expect(await codeOf(outsider.vector.collections.delete.mutate({ collectionId: collection.id }))).toBe("NOT_FOUND");
    expect((await outsider.vector.collections.list.query({ search: "guarded" })).items).toEqual([]);
  });
});
