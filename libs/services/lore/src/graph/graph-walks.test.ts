import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization } from "../testing";
import { UNKNOWN_ID } from "./graph-test-fixtures";

let kit: LoreTestKit;
let org: LoreTestOrganization;
let other: LoreTestOrganization;
const town: Record<string, string> = {};
const road: Record<string, string> = {};
let types: { town: string; port: string; road: string; ferry: string };

/*
 * A→B→C→D by road (weight 1 each), A→D by road (weight 10), D→E by ferry (undirected, weight 1);
 * E is a port, the rest towns; X stands alone.
 */
beforeAll(async () => {
  kit = await startLoreTestKit({}, { workers: false });
  org = await kit.createOrganization("atlas");
  other = await kit.createOrganization("rival");
  types = {
    town: (await lore().entityTypes.create.mutate({ name: "Town" })).id,
    port: (await lore().entityTypes.create.mutate({ name: "Port" })).id,
    road: (await lore().relationshipTypes.create.mutate({ name: "road to" })).id,
    ferry: (await lore().relationshipTypes.create.mutate({ name: "ferry", directed: false })).id,
  };
  for (const name of ["A", "B", "C", "D", "X"]) {
    town[name] = (
      await lore().entities.create.mutate({ typeId: types.town, name, properties: { population: name.charCodeAt(0) } })
    ).id;
  }
  town.E = (await lore().entities.create.mutate({ typeId: types.port, name: "E" })).id;
  for (const [from, to, weight] of [
    ["A", "B", 1],
    ["B", "C", 1],
    ["C", "D", 1],
    ["A", "D", 10],
  ] as const) {
    road[`${from}${to}`] = (
      await lore().relationships.create.mutate({
        sourceEntityId: town[from] as string,
        targetEntityId: town[to] as string,
        typeId: types.road,
        weight,
      })
    ).id;
  }
  road.DE = (
    await lore().relationships.create.mutate({
      sourceEntityId: town.D as string,
      targetEntityId: town.E as string,
      typeId: types.ferry,
    })
  ).id;
});

afterAll(async () => {
  await kit?.close();
});

function lore() {
  return kit.ownerOf(org).lore;
}

const id = (name: string) => town[name] as string;

async function neighbors(
  input: Omit<Parameters<ReturnType<typeof lore>["graph"]["neighbors"]["query"]>[0], "entityId">,
  from = "A",
) {
  const answer = await lore().graph.neighbors.query({ entityId: id(from), ...input });
  const nameOf = new Map(Object.entries(town).map(([name, entityId]) => [entityId, name]));
  return {
    nodes: Object.fromEntries(answer.nodes.map((node) => [node.name, node.depth])),
    edges: answer.edges.map((edge) => `${nameOf.get(edge.sourceId)}${nameOf.get(edge.targetId)}`).sort(),
  };
}

describe("lore.graph.neighbors", () => {
  it("reaches each entity once, at its least depth, following relationships out of the entity", async () => {
    expect(await neighbors({ direction: "out" })).toEqual({ nodes: { A: 0, B: 1, D: 1 }, edges: ["AB", "AD"] });
    expect(await neighbors({ direction: "out", depth: 2 })).toEqual({
      nodes: { A: 0, B: 1, D: 1, C: 2, E: 2 },
      edges: ["AB", "AD", "BC", "CD", "DE"],
    });
  });

  it("follows relationships into the entity, or both ways", async () => {
    expect((await neighbors({ direction: "in" }, "D")).nodes).toEqual({ D: 0, A: 1, C: 1 });
    expect((await neighbors({ direction: "both" }, "D")).nodes).toEqual({ D: 0, A: 1, C: 1, E: 1 });
    expect((await neighbors({ direction: "in", depth: 4 }, "D")).nodes).toEqual({ D: 0, A: 1, C: 1, B: 2 });
  });

  it("follows only the relationship and entity types asked for, and stops at the limit", async () => {
    expect((await neighbors({ direction: "both", relationshipTypeIds: [types.ferry] }, "D")).nodes).toEqual({
      D: 0,
      E: 1,
    });
    expect((await neighbors({ direction: "both", depth: 3, entityTypeIds: [types.town] }, "C")).nodes).toEqual({
      C: 0,
      B: 1,
      D: 1,
      A: 2,
    });
    const limited = await lore().graph.neighbors.query({ entityId: id("A"), depth: 4, direction: "out", limit: 3 });
    expect(limited.nodes).toHaveLength(3);
    expect(limited.nodes[0]).toMatchObject({ id: id("A"), depth: 0 });
  });
});

describe("lore.graph.path", () => {
  it("finds the cheapest path by weight, and a change of weight changes the route", async () => {
    const path = await lore().graph.path.query({ fromEntityId: id("A"), toEntityId: id("D") });
    expect(path.found).toBe(true);
    expect(path.totalCost).toBe(3);
    expect(path.steps.map((step) => step.entity.name)).toEqual(["A", "B", "C", "D"]);
    expect(path.steps.map((step) => step.viaRelationship?.id ?? null)).toEqual([null, road.AB, road.BC, road.CD]);

    await lore().relationships.update.mutate({ id: road.AD as string, weight: 2 });
    const shortcut = await lore().graph.path.query({ fromEntityId: id("A"), toEntityId: id("D") });
    expect(shortcut).toMatchObject({ found: true, totalCost: 2 });
    expect(shortcut.steps.map((step) => step.entity.name)).toEqual(["A", "D"]);
    await lore().relationships.update.mutate({ id: road.AD as string, weight: 10 });
  });

  it("follows directed relationships one way unless told otherwise, and undirected types both ways", async () => {
    expect(await lore().graph.path.query({ fromEntityId: id("D"), toEntityId: id("A") })).toEqual({
      found: false,
      totalCost: null,
      steps: [],
    });
    const undirected = await lore().graph.path.query({ fromEntityId: id("D"), toEntityId: id("A"), directed: false });
    expect(undirected.steps.map((step) => step.entity.name)).toEqual(["D", "C", "B", "A"]);
    const ferryBack = await lore().graph.path.query({ fromEntityId: id("E"), toEntityId: id("D") });
    expect(ferryBack).toMatchObject({ found: true, totalCost: 1 });
  });

  it("answers found false with no path, keeps to the types asked for, and a path to itself", async () => {
    expect((await lore().graph.path.query({ fromEntityId: id("A"), toEntityId: id("X") })).found).toBe(false);
    const ferryOnly = await lore().graph.path.query({
      fromEntityId: id("A"),
      toEntityId: id("E"),
      relationshipTypeIds: [types.ferry],
    });
    expect(ferryOnly.found).toBe(false);
    expect(await lore().graph.path.query({ fromEntityId: id("A"), toEntityId: id("A") })).toMatchObject({
      found: true,
      totalCost: 0,
      steps: [{ entity: { id: id("A") }, viaRelationship: null }],
    });
  });
});

describe("lore.graph.subgraph", () => {
  it("exports the entities around the given ones with names, types and properties, and their relationships", async () => {
    const around = await lore().graph.subgraph.query({ entityIds: [id("D")], depth: 1 });
    expect(around.truncated).toBe(false);
    expect(around.nodes.map((node) => node.name).sort()).toEqual(["A", "C", "D", "E"]);
    expect(around.nodes.find((node) => node.name === "E")).toMatchObject({
      typeId: types.port,
      typeName: "Port",
      depth: 1,
    });
    expect(around.nodes.find((node) => node.name === "A")?.properties).toEqual({ population: 65 });
    expect(around.edges.map((edge) => edge.id).sort()).toEqual([road.AD, road.CD, road.DE].sort());
    expect(around.edges.find((edge) => edge.id === road.DE)).toMatchObject({ typeName: "ferry", confidence: 1 });
    expect((await lore().graph.subgraph.query({ entityIds: [id("D")], depth: 0 })).edges).toEqual([]);
  });

  it("exports every entity of the types asked for, and says when the limit cut it", async () => {
    const towns = await lore().graph.subgraph.query({ entityTypeIds: [types.town] });
    expect(towns.nodes.map((node) => node.name)).toEqual(["A", "B", "C", "D", "X"]);
    expect(towns.edges).toHaveLength(4);
    const cut = await lore().graph.subgraph.query({ limit: 2 });
    expect(cut).toMatchObject({ truncated: true });
    expect(cut.nodes).toHaveLength(2);
    const roadsOnly = await lore().graph.subgraph.query({ relationshipTypeIds: [types.ferry] });
    expect(roadsOnly.edges.map((edge) => edge.id)).toEqual([road.DE]);
  });
});

describe("lore.graph refusals", () => {
  it("refuses bad input with the field", async () => {
    const depth = await failureOf(lore().graph.neighbors.query({ entityId: id("A"), depth: 5 }));
    expect(depth.data.fieldErrors?.depth).toBeDefined();
    const limit = await failureOf(lore().graph.neighbors.query({ entityId: id("A"), limit: 501 }));
    expect(limit.data.fieldErrors?.limit).toBeDefined();
    const tooMany = await failureOf(lore().graph.subgraph.query({ entityIds: Array(101).fill(UNKNOWN_ID) }));
    expect(tooMany.data.fieldErrors?.entityIds).toBeDefined();
    const types = await failureOf(
      lore().graph.path.query({ fromEntityId: id("A"), toEntityId: id("D"), relationshipTypeIds: ["road"] }),
    );
    expect(types.data.fieldErrors?.["relationshipTypeIds.0"]).toBeDefined();
  });

  it("treats another organization's entities as unknown", async () => {
    const rivalType = await kit.ownerOf(other).lore.entityTypes.create.mutate({ name: "Town" });
    const rival = await kit.ownerOf(other).lore.entities.create.mutate({ typeId: rivalType.id, name: "Z" });
    expect(await codeOf(lore().graph.neighbors.query({ entityId: rival.id }))).toBe("NOT_FOUND");
    expect(await codeOf(lore().graph.path.query({ fromEntityId: id("A"), toEntityId: rival.id }))).toBe("NOT_FOUND");
    expect(await codeOf(lore().graph.subgraph.query({ entityIds: [id("A"), rival.id] }))).toBe("NOT_FOUND");
    expect((await kit.ownerOf(other).lore.graph.subgraph.query({})).nodes.map((node) => node.name)).toEqual(["Z"]);
  });
});
