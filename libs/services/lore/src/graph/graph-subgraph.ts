import type { Subgraph, subgraphInputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { z } from "zod";
import { entityColumns, toEntity, visibleEntityIds } from "./entity-queries";
import { edgesAmong, walkGraph, type Reached } from "./graph-traversal";

type SubgraphInput = z.infer<typeof subgraphInputSchema>;

/** Every entity (of the types asked for) by name, one more than `limit` to tell a cut-off list. */
async function everyEntity(trx: Transaction<Database>, input: SubgraphInput): Promise<Reached[]> {
  const rows = await trx
    .selectFrom("lore.entities")
    .select("id")
    .$if(input.entityTypeIds !== undefined, (q) => q.where("type_id", "in", input.entityTypeIds as string[]))
    .orderBy("name")
    .orderBy("id")
    .limit(input.limit + 1)
    .execute();
  return rows.map((row) => ({ id: row.id, depth: 0 }));
}

/**
 * A part of the graph as plain JSON for visualisation tools: the entities around `entityIds`
 * (or every entity) with their names, types and properties, and the relationships among them.
 * Undefined when the caller cannot see one of `entityIds`.
 */
export async function exportSubgraph(trx: Transaction<Database>, input: SubgraphInput): Promise<Subgraph | undefined> {
  let reached: Reached[];
  if (input.entityIds) {
    const visible = await visibleEntityIds(trx, input.entityIds);
    if (input.entityIds.some((id) => !visible.has(id.toLowerCase()))) return undefined;
    reached = await walkGraph(trx, { ...input, startIds: [...visible], direction: "both", limit: input.limit + 1 });
  } else {
    reached = await everyEntity(trx, input);
  }
  const nodes = reached.slice(0, input.limit);
  const ids = nodes.map((node) => node.id);
  const entities = await entityColumns(trx)
    .where("e.id", "=", sql<string>`any(${ids}::uuid[])`)
    .execute();
  const byId = new Map(entities.map((row) => [row.id, toEntity(row)]));
  const edges = await edgesAmong(trx, ids, input.relationshipTypeIds, input.limit + 1);
  return {
    nodes: nodes.flatMap((node) => {
      const entity = byId.get(node.id);
      if (!entity) return [];
      const { id, name, typeId, typeName, aliases, properties, location } = entity;
      return [{ id, name, typeId, typeName, aliases, properties, location, depth: node.depth }];
    }),
    edges: edges.slice(0, input.limit).map((edge) => ({
      id: edge.id,
      sourceId: edge.source_entity_id,
      targetId: edge.target_entity_id,
      typeId: edge.type_id,
      typeName: edge.type_name,
      weight: edge.weight,
      confidence: edge.confidence,
      properties: edge.properties as Record<string, unknown>,
    })),
    truncated: reached.length > input.limit || edges.length > input.limit,
  };
}
