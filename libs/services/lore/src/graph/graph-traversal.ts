import type { GraphEdge, RelationshipDirection } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";

/** Where a walk through the graph starts and what it may follow. */
export interface Walk {
  startIds: string[];
  depth: number;
  direction: RelationshipDirection;
  relationshipTypeIds?: string[] | undefined;
  /** Entities of other types are not reached (the start entities always are). */
  entityTypeIds?: string[] | undefined;
  /** Most entities to reach, the start entities included. */
  limit: number;
}

/** An entity a walk reached, and in how many relationships. */
export interface Reached {
  id: string;
  depth: number;
}

/**
 * Breadth-first walk from the start entities. Each step of the recursive CTE carries every entity
 * visited so far, so each is reached once, at its least depth, and the walk stops at `depth` or
 * once `limit` entities are reached. RLS confines it to the entities and relationships the caller sees.
 */
export async function walkGraph(trx: Transaction<Database>, walk: Walk): Promise<Reached[]> {
  const relationshipTypes = walk.relationshipTypeIds ?? null;
  const entityTypes = walk.entityTypeIds ?? null;
  const result = await sql<Reached>`
    with recursive frontier (depth, visited, nodes) as (
      select 0, ${walk.startIds}::uuid[], ${walk.startIds}::uuid[]
      union all
      select f.depth + 1, f.visited || step.nodes, step.nodes
      from frontier f
      cross join lateral (
        select coalesce((array_agg(n.id order by n.id))[1:greatest(${walk.limit}::int - cardinality(f.visited), 0)], '{}') as nodes
        from lore.entities n
        where n.id in (
            select r.target_entity_id from lore.relationships r
            where ${walk.direction !== "in"} and r.source_entity_id = any(f.nodes)
              and (${relationshipTypes}::uuid[] is null or r.type_id = any(${relationshipTypes}::uuid[]))
            union
            select r.source_entity_id from lore.relationships r
            where ${walk.direction !== "out"} and r.target_entity_id = any(f.nodes)
              and (${relationshipTypes}::uuid[] is null or r.type_id = any(${relationshipTypes}::uuid[]))
          )
          and n.id <> all(f.visited)
          and (${entityTypes}::uuid[] is null or n.type_id = any(${entityTypes}::uuid[]))
      ) step
      where f.depth < ${walk.depth}::int and cardinality(f.nodes) > 0
    )
    select node.id, f.depth from frontier f cross join unnest(f.nodes) as node (id) order by f.depth, node.id
  `.execute(trx);
  return result.rows;
}

/** The relationships (of the given types) between entities among `entityIds`, at most `limit`, by age. */
export async function edgesAmong(
  trx: Transaction<Database>,
  entityIds: string[],
  relationshipTypeIds: string[] | undefined,
  limit: number,
) {
  return trx
    .selectFrom("lore.relationships as r")
    .innerJoin("lore.relationship_types as t", "t.id", "r.type_id")
    .select([
      "r.id",
      "r.source_entity_id",
      "r.target_entity_id",
      "r.type_id",
      "t.name as type_name",
      "r.weight",
      "r.confidence",
      "r.properties",
    ])
    .where("r.source_entity_id", "=", sql<string>`any(${entityIds}::uuid[])`)
    .where("r.target_entity_id", "=", sql<string>`any(${entityIds}::uuid[])`)
    .$if(relationshipTypeIds !== undefined, (q) => q.where("r.type_id", "in", relationshipTypeIds as string[]))
    .orderBy("r.edge_id")
    .limit(limit)
    .execute();
}

/** A relationship as graph answers carry it. */
export function toGraphEdge(row: {
  id: string;
  source_entity_id: string;
  target_entity_id: string;
  type_id: string;
  weight: number;
}): GraphEdge {
  return {
    id: row.id,
    sourceId: row.source_entity_id,
    targetId: row.target_entity_id,
    typeId: row.type_id,
    weight: row.weight,
  };
}
