import { fuseByReciprocalRank } from "@cauldron/contracts";
import { failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization } from "../testing";
import { seedEmbeddings, seedModel, type SeedModel } from "./search-fixtures";

/*
 * Vectors and words that disagree, so each ranking is known: by vector the earnings report is
 * nearest the query, then the pie, then the orchard; by the word "apple" only the pie and the
 * orchard match. Forty fillers sit between the query and the zebra, so the zebra is found by
 * its words only.
 */
const QUERY = [1, 0, 0];

let kit: VectorTestKit;
let organization: VectorTestOrganization;
let model: SeedModel;
const ids: Record<string, string> = {};

beforeAll(async () => {
  kit = await startVectorTestKit({}, { workers: false });
  organization = await kit.createOrganization("hybrid");
  model = await seedModel(kit.database.ownerDb, {
    organizationId: organization.id,
    name: "points",
    dimensions: 3,
    distance: "cosine",
  });
  const named = [
    { name: "report", content: "quarterly earnings report", vector: [1, 0.05, 0], metadata: { shelf: "business" } },
    {
      name: "pie",
      content: "apple pie with apples from the market",
      vector: [1, 0.3, 0],
      metadata: { shelf: "kitchen" },
    },
    { name: "orchard", content: "a tour of the apple orchard", vector: [1, 0.9, 0], metadata: { shelf: "travel" } },
    { name: "zebra", content: "the zebra crossed the savanna", vector: [0, 0, 1], metadata: { shelf: "travel" } },
  ];
  const fillers = Array.from({ length: 40 }, (_, i) => ({
    content: `filler note number ${i}`,
    vector: [1, 1.5 + i / 10, 0.1],
    metadata: { shelf: "filler" },
  }));
  const stored = await seedEmbeddings(kit.database.ownerDb, organization.id, model, [...named, ...fillers]);
  named.forEach((row, i) => (ids[row.name] = stored[i]!));
});

afterAll(async () => {
  await kit?.close();
});

describe("vector.search with hybrid", () => {
  it("fuses the vector and full-text rankings by reciprocal rank, with fusedScore beside the vector score", async () => {
    const answer = await kit.ownerOf(organization).vector.search.query({
      modelId: model.id,
      vector: QUERY,
      text: "apple",
      topK: 3,
      hybrid: {},
    });
    const expected = fuseByReciprocalRank([
      { ids: [ids.report!, ids.pie!, ids.orchard!], weight: 0.5 },
      { ids: [ids.pie!, ids.orchard!], weight: 0.5 },
    ]);
    expect(answer.hits.map((hit) => hit.id)).toEqual([ids.pie, ids.orchard, ids.report]);
    answer.hits.forEach((hit, i) => expect(hit.fusedScore).toBeCloseTo(expected[i]!.score, 12));
    const pie = answer.hits[0]!;
    expect(pie.score).toBeCloseTo(1 / Math.sqrt(1 + 0.3 * 0.3), 5);
  });

  it("follows the weights", async () => {
    const byVector = await kit.ownerOf(organization).vector.search.query({
      modelId: model.id,
      vector: QUERY,
      text: "apple",
      topK: 3,
      hybrid: { vectorWeight: 1, textWeight: 0 },
    });
    expect(byVector.hits.map((hit) => hit.id)).toEqual([ids.report, ids.pie, ids.orchard]);
    const byText = await kit.ownerOf(organization).vector.search.query({
      modelId: model.id,
      vector: QUERY,
      text: "apple",
      topK: 2,
      hybrid: { vectorWeight: 0, textWeight: 1 },
    });
    expect(byText.hits.map((hit) => hit.id)).toEqual([ids.pie, ids.orchard]);
  });

  it("finds rows by their words alone, scored by their vector all the same", async () => {
    const answer = await kit.ownerOf(organization).vector.search.query({
      modelId: model.id,
      vector: QUERY,
      text: "zebra savanna",
      topK: 1,
      hybrid: { vectorWeight: 0.2, textWeight: 0.8 },
    });
    expect(answer.hits.map((hit) => hit.id)).toEqual([ids.zebra]);
    expect(answer.hits[0]!.score).toBeCloseTo(0, 5);
    expect(answer.hits[0]!.fusedScore).toBeGreaterThan(0);
  });

  it("keeps both rankings within the filters", async () => {
    const answer = await kit.ownerOf(organization).vector.search.query({
      modelId: model.id,
      vector: QUERY,
      text: "apple",
      topK: 5,
      filter: { shelf: { in: ["travel", "business"] } },
      hybrid: {},
    });
    expect(answer.hits.map((hit) => hit.id).sort()).toEqual([ids.report, ids.orchard, ids.zebra].sort());
  });

  it("needs text to search by", async () => {
    const failure = await failureOf(
      kit.ownerOf(organization).vector.search.query({ modelId: model.id, vector: QUERY, hybrid: {} }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(failure.data.fieldErrors?.hybrid).toBeDefined();
  });
});
