import { randomUUID } from "node:crypto";
import { packVector } from "@cauldron/contracts";
import { codeOf, failureOf, startTestService } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashEmbedding } from "../providers";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization } from "../testing";
import { createVectorService } from "../vector-service";
import {
  buildModelIndex,
  seedCollection,
  seedEmbeddings,
  seedModel,
  type SeedModel,
  type SeedRow,
} from "./search-fixtures";

const CONTENTS = [
  "the cat sat on the mat",
  "a kitten sleeps on a warm rug",
  "stock market prices fell sharply today",
  "interest rates rise as the central bank meets",
  "recipe for a simple tomato soup",
];

let kit: VectorTestKit;
/** The built-in default: the hash model, which every organization without a choice of its own embeds with. */
let HASH_MODEL: SeedModel;
let acme: VectorTestOrganization;
let acmeIds: string[];

function hashRow(content: string, extra: Partial<SeedRow> = {}): SeedRow {
  return { content, vector: hashEmbedding(content, HASH_MODEL.dimensions), ...extra };
}

beforeAll(async () => {
  kit = await startVectorTestKit({}, { workers: false });
  HASH_MODEL = await kit.database.ownerDb
    .selectFrom("vector.embedding_models")
    .select(["id", "name", "dimensions"])
    .where("organization_id", "is", null)
    .where("is_default", "=", true)
    .executeTakeFirstOrThrow();
  acme = await kit.createOrganization("acme");
  acmeIds = await seedEmbeddings(
    kit.database.ownerDb,
    acme.id,
    HASH_MODEL,
    CONTENTS.map((content, i) =>
      hashRow(content, {
        metadata: { topic: i < 2 ? "pets" : i < 4 ? "finance" : "food" },
        ...(i === 1 ? { entityType: "note", entityId: randomUUID() } : {}),
      }),
    ),
  );
});

afterAll(async () => {
  await kit?.close();
});

describe("vector.search", () => {
  it("finds the organization's rows nearest to a text with its default model, best first", async () => {
    const answer = await kit.ownerOf(acme).vector.search.query({ text: "a cat on the mat" });
    expect(answer.modelId).toBe(HASH_MODEL.id);
    expect(answer.strategy).toBe("exact");
    expect(answer.queryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.hits).toHaveLength(CONTENTS.length);
    expect(answer.hits[0]).toMatchObject({
      content: "the cat sat on the mat",
      metadata: { topic: "pets" },
      fusedScore: null,
    });
    const scores = answer.hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(answer.hits[0]!.vector).toBeUndefined();
  });

  it("scores a supplied vector by cosine similarity and returns stored vectors when asked", async () => {
    const vector = hashEmbedding(CONTENTS[2]!, HASH_MODEL.dimensions);
    const answer = await kit.ownerOf(acme).vector.search.query({ vector, topK: 2, includeVectors: true });
    expect(answer.hits).toHaveLength(2);
    expect(answer.hits[0]!.id).toBe(acmeIds[2]);
    expect(answer.hits[0]!.score).toBeCloseTo(1, 5);
    expect(answer.hits[0]!.vector).toHaveLength(HASH_MODEL.dimensions);
    expect(answer.hits[0]!.vector![0]).toBeCloseTo(vector[0]!, 5);
  });

  it("refuses a vector that does not fit the model, naming the field", async () => {
    const short = await failureOf(kit.ownerOf(acme).vector.search.query({ vector: [0.1, 0.2, 0.3] }));
    expect(short.data.code).toBe("BAD_REQUEST");
    expect(short.data.fieldErrors?.vector?.[0]).toContain("384 dimensions");
    const zeros = await failureOf(
      kit.ownerOf(acme).vector.search.query({ vector: new Array<number>(HASH_MODEL.dimensions).fill(0) }),
    );
    expect(zeros.data.fieldErrors?.vector?.[0]).toContain("all zeros");
  });

  it("searches with a packed vector exactly as with its numbers, and refuses a packed one that does not fit", async () => {
    const vector = hashEmbedding(CONTENTS[3]!, HASH_MODEL.dimensions);
    const plain = await kit.ownerOf(acme).vector.search.query({ vector, topK: 3 });
    const packed = await kit.ownerOf(acme).vector.search.query({ vector: packVector(vector), topK: 3 });
    expect(packed.hits).toEqual(plain.hits);
    expect(packed.hits[0]!.id).toBe(acmeIds[3]);
    const short = await failureOf(kit.ownerOf(acme).vector.search.query({ vector: packVector([0.1, 0.2, 0.3]) }));
    expect(short.data.fieldErrors?.vector?.[0]).toContain("384 dimensions");
    const broken = await failureOf(kit.ownerOf(acme).vector.search.query({ vector: "not a vector" }));
    expect(broken.data.code).toBe("BAD_REQUEST");
    expect(broken.data.fieldErrors?.vector?.[0]).toContain("base64");
  });

  it("refuses a search with neither text nor vector", async () => {
    const failure = await failureOf(kit.ownerOf(acme).vector.search.query({ topK: 3 }));
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(failure.data.fieldErrors?.text).toBeDefined();
  });

  it("applies the threshold after ordering, keeping the best hits in order", async () => {
    const all = await kit.ownerOf(acme).vector.search.query({ text: "cat on a mat" });
    const threshold = (all.hits[0]!.score + all.hits[1]!.score) / 2;
    const answer = await kit.ownerOf(acme).vector.search.query({ text: "cat on a mat", threshold });
    expect(answer.hits.map((hit) => hit.id)).toEqual([all.hits[0]!.id]);
    const none = await kit.ownerOf(acme).vector.search.query({ text: "cat on a mat", threshold: 1.01 });
    expect(none.hits).toEqual([]);
  });

  it("keeps to the entity type and metadata filter asked for", async () => {
    const notes = await kit.ownerOf(acme).vector.search.query({ text: "cat", entityType: "note" });
    expect(notes.hits.map((hit) => hit.id)).toEqual([acmeIds[1]]);
    expect(notes.hits[0]!.entityType).toBe("note");
    const finance = await kit.ownerOf(acme).vector.search.query({ text: "cat", filter: { topic: "finance" } });
    expect(finance.hits.map((hit) => hit.id).sort()).toEqual([acmeIds[2], acmeIds[3]].sort());
  });

  it("searches only a collection's rows, with the collection's model", async () => {
    const collectionId = await seedCollection(kit.database.ownerDb, acme.id, HASH_MODEL.id, [acmeIds[3]!, acmeIds[4]!]);
    const answer = await kit.ownerOf(acme).vector.search.query({ collectionId, text: "the cat sat on the mat" });
    expect(answer.modelId).toBe(HASH_MODEL.id);
    expect(answer.hits.map((hit) => hit.id).sort()).toEqual([acmeIds[3], acmeIds[4]].sort());
  });

  it("returns no hits for an organization holding no rows", async () => {
    const empty = await kit.createOrganization("empty");
    const answer = await kit.ownerOf(empty).vector.search.query({ text: "anything at all" });
    expect(answer).toMatchObject({ hits: [], strategy: "exact", modelId: HASH_MODEL.id });
  });

  it("lets a viewer search and keeps non-members out", async () => {
    const viewer = await kit.createUser("viewer");
    await kit.addMember(acme.id, viewer, "viewer");
    const answer = await kit.as(viewer, acme.id).vector.search.query({ text: "tomato soup", topK: 1 });
    expect(answer.hits[0]!.content).toBe(CONTENTS[4]);
    const stranger = await kit.createUser("stranger");
    expect(await codeOf(kit.as(stranger, acme.id).vector.search.query({ text: "soup" }))).toBe("FORBIDDEN");
    expect(await codeOf(kit.service.client().vector.search.query({ text: "soup" }))).toBe("UNAUTHORIZED");
  });

  it("accepts efSearch and exact on a small organization", async () => {
    const answer = await kit.ownerOf(acme).vector.search.query({ text: "bank rates", efSearch: 200, exact: true });
    expect(answer.strategy).toBe("exact");
    expect(answer.hits[0]!.content).toBe(CONTENTS[3]);
  });
});

describe("vector.search embedding quota", () => {
  it("counts text searches against the organization's embedding calls, and vector searches not at all", async () => {
    const limited = await startTestService(createVectorService({ config: { VECTOR_EMBED_CALLS_PER_HOUR: 1 } }), {
      db: kit.database.db,
      workers: false,
    });
    try {
      const client = limited.client({
        token: await limited.signer.issueAccessToken({ userId: acme.owner.id }),
        organizationId: acme.id,
      });
      await client.vector.search.query({ text: "tomato soup" });
      const refused = await failureOf(client.vector.search.query({ text: "tomato soup" }));
      expect(refused.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "quota_exceeded" });
      const byVector = await client.vector.search.query({
        vector: hashEmbedding("tomato soup", HASH_MODEL.dimensions),
      });
      expect(byVector.hits[0]!.content).toBe(CONTENTS[4]);
    } finally {
      await limited.close();
    }
  });
});

describe("vector.search across organizations", () => {
  it("never returns another organization's rows, even identical ones", async () => {
    const rival = await kit.createOrganization("rival");
    const rivalIds = await seedEmbeddings(
      kit.database.ownerDb,
      rival.id,
      HASH_MODEL,
      CONTENTS.map((content) => hashRow(content)),
    );
    const answer = await kit.ownerOf(acme).vector.search.query({ text: CONTENTS[0]!, topK: 100 });
    expect(answer.hits.map((hit) => hit.id).sort()).toEqual([...acmeIds].sort());
    const theirs = await kit.ownerOf(rival).vector.search.query({ text: CONTENTS[0]!, topK: 100 });
    expect(theirs.hits.map((hit) => hit.id).sort()).toEqual([...rivalIds].sort());
  });

  it("keeps to the entities named, and finds none of another organization's", async () => {
    const note = await kit.database.ownerDb
      .selectFrom("vector.embeddings")
      .select("entity_id")
      .where("id", "=", acmeIds[1]!)
      .executeTakeFirstOrThrow();
    const entityIds = [note.entity_id!, randomUUID()];
    const mine = await kit.ownerOf(acme).vector.search.query({ text: "cat", entityIds });
    expect(mine.hits.map((hit) => hit.id)).toEqual([acmeIds[1]]);
    const rival = await kit.createOrganization("entity-rival");
    const theirs = await kit.ownerOf(rival).vector.search.query({ text: "cat", entityIds });
    expect(theirs.hits).toEqual([]);
  });

  it("answers NOT_FOUND for another organization's model and collection", async () => {
    const other = await kit.createOrganization("other");
    const otherModel = await seedModel(kit.database.ownerDb, {
      organizationId: other.id,
      name: "private-3d",
      dimensions: 3,
      distance: "cosine",
    });
    const otherCollection = await seedCollection(kit.database.ownerDb, other.id, otherModel.id, []);
    const byModel = await failureOf(
      kit.ownerOf(acme).vector.search.query({ modelId: otherModel.id, vector: [1, 0, 0] }),
    );
    expect(byModel.data.code).toBe("NOT_FOUND");
    expect(byModel.message).toContain("model");
    const byCollection = await failureOf(
      kit.ownerOf(acme).vector.search.query({ collectionId: otherCollection, vector: [1, 0, 0] }),
    );
    expect(byCollection.data.code).toBe("NOT_FOUND");
    expect(byCollection.message).toContain("Collection");
    const own = await kit.ownerOf(other).vector.search.query({ modelId: otherModel.id, vector: [1, 0, 0] });
    expect(own.hits).toEqual([]);
  });

  it("keeps another organization's ready model NOT_FOUND after its owner has searched with it", async () => {
    const owner = await kit.createOrganization("indexed");
    const model = await seedModel(kit.database.ownerDb, {
      organizationId: owner.id,
      name: "indexed-3d",
      dimensions: 3,
      distance: "cosine",
    });
    const [id] = await seedEmbeddings(kit.database.ownerDb, owner.id, model, [{ content: "east", vector: [1, 0, 0] }]);
    await buildModelIndex(kit.database.ownerDb, model.id);
    for (let search = 0; search < 2; search += 1) {
      const own = await kit.ownerOf(owner).vector.search.query({ modelId: model.id, vector: [1, 0, 0] });
      expect(own.hits.map((hit) => hit.id)).toEqual([id]);
    }
    const foreign = await failureOf(kit.ownerOf(acme).vector.search.query({ modelId: model.id, vector: [1, 0, 0] }));
    expect(foreign.data.code).toBe("NOT_FOUND");
  });
});

describe("vector.search by each distance", () => {
  const vectors = { east: [1, 0, 0], northEast: [2, 2, 0], far: [5, 0, 5] };

  async function organizationWithModel(distance: "inner_product" | "l2") {
    const organization = await kit.createOrganization("points");
    const model = await seedModel(kit.database.ownerDb, {
      organizationId: organization.id,
      name: `points-${distance}`,
      dimensions: 3,
      distance,
    });
    const ids = await seedEmbeddings(
      kit.database.ownerDb,
      organization.id,
      model,
      Object.entries(vectors).map(([content, vector]) => ({ content, vector })),
    );
    return { organization, model, ids: Object.fromEntries(Object.keys(vectors).map((name, i) => [name, ids[i]!])) };
  }

  it("scores inner-product models by the product, largest first, with the threshold as a minimum", async () => {
    const { organization, model } = await organizationWithModel("inner_product");
    const answer = await kit.ownerOf(organization).vector.search.query({ modelId: model.id, vector: [1, 1, 0] });
    expect(answer.hits.map((hit) => [hit.content, hit.score])).toEqual([
      ["far", 5],
      ["northEast", 4],
      ["east", 1],
    ]);
    const above = await kit
      .ownerOf(organization)
      .vector.search.query({ modelId: model.id, vector: [1, 1, 0], threshold: 4 });
    expect(above.hits.map((hit) => hit.content)).toEqual(["far", "northEast"]);
  });

  it("scores L2 models by the distance, nearest first, with the threshold as a maximum", async () => {
    const { organization, model } = await organizationWithModel("l2");
    const answer = await kit.ownerOf(organization).vector.search.query({ modelId: model.id, vector: [1, 0, 0] });
    expect(answer.hits.map((hit) => hit.content)).toEqual(["east", "northEast", "far"]);
    expect(answer.hits[0]!.score).toBe(0);
    expect(answer.hits[1]!.score).toBeCloseTo(Math.sqrt(5), 5);
    const near = await kit
      .ownerOf(organization)
      .vector.search.query({ modelId: model.id, vector: [1, 0, 0], threshold: 3 });
    expect(near.hits.map((hit) => hit.content)).toEqual(["east", "northEast"]);
  });

  it("refuses text for a model that only takes precomputed vectors", async () => {
    const { organization, model } = await organizationWithModel("l2");
    const failure = await failureOf(kit.ownerOf(organization).vector.search.query({ modelId: model.id, text: "east" }));
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(failure.message).toContain("send a vector");
  });
});
