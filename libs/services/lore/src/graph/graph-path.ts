import type { GraphPath, pathInputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { TRPCError } from "@trpc/server";
import { sql, type Transaction } from "kysely";
import type { z } from "zod";
import { toGraphEdge } from "./graph-traversal";

interface RouteRow {
  agg_cost: number;
  entity_id: string | null;
  entity_name: string;
  entity_type_id: string;
  /** The relationship leaving this step towards the next; null on the last. */
  relationship_id: string | null;
  source_entity_id: string;
  target_entity_id: string;
  relationship_type_id: string;
  weight: number;
}

interface Route {
  organizationId: string;
  fromNode: number;
  toNode: number;
  directed: boolean;
  typeIds: string[] | null;
}

/** pgr_dijkstra's route between two nodes over the relationships the caller can see, step by step. */
async function cheapestRoute(trx: Transaction<Database>, route: Route): Promise<RouteRow[]> {
  // pgRouting takes its edges as SQL text. It is assembled in SQL from fixed text and values quoted
  // by format('%L'), never from strings joined here, and it runs in this transaction, as the caller:
  // RLS leaves out relationships with an end the caller cannot see. An undirected relationship type
  // is followed both ways (reverse_cost); -1 means no way back.
  const result = await sql<RouteRow>`
    select p.agg_cost, e.id as entity_id, e.name as entity_name, e.type_id as entity_type_id,
      r.id as relationship_id, r.source_entity_id, r.target_entity_id, r.type_id as relationship_type_id, r.weight
    from pgr_dijkstra(
      format(
        'select r.edge_id as id, s.node_id as source, t.node_id as target, r.weight as cost,
           case when rt.directed then -1 else r.weight end as reverse_cost
         from lore.relationships r
         join lore.entities s on s.id = r.source_entity_id
         join lore.entities t on t.id = r.target_entity_id
         join lore.relationship_types rt on rt.id = r.type_id
         where r.organization_id = %L and (%L::uuid[] is null or r.type_id = any(%L::uuid[]))',
        ${route.organizationId}::uuid, ${route.typeIds}::uuid[], ${route.typeIds}::uuid[]
      ),
      ${route.fromNode}::bigint, ${route.toNode}::bigint, ${route.directed}::boolean
    ) p
    left join lore.entities e on e.node_id = p.node
    left join lore.relationships r on r.edge_id = p.edge
    order by p.path_seq
  `.execute(trx);
  return result.rows;
}

function changedMeanwhile(): TRPCError {
  return new TRPCError({ code: "CONFLICT", message: "The graph changed while the path was found; retry the request" });
}

/**
 * The cheapest path by relationship weight between two entities, or undefined when the caller
 * cannot see one of them; `found` is false when no visible relationships connect them.
 */
export async function cheapestPath(
  trx: Transaction<Database>,
  organizationId: string,
  input: z.infer<typeof pathInputSchema>,
): Promise<GraphPath | undefined> {
  const ends = await trx
    .selectFrom("lore.entities")
    .select(["id", "node_id", "name", "type_id"])
    .where("id", "in", [input.fromEntityId, input.toEntityId])
    .execute();
  const from = ends.find((end) => end.id === input.fromEntityId.toLowerCase());
  const to = ends.find((end) => end.id === input.toEntityId.toLowerCase());
  if (!from || !to) return undefined;
  if (from.id === to.id) {
    const entity = { id: from.id, name: from.name, typeId: from.type_id };
    return { found: true, totalCost: 0, steps: [{ entity, viaRelationship: null }] };
  }

  const route = await cheapestRoute(trx, {
    organizationId,
    fromNode: from.node_id,
    toNode: to.node_id,
    directed: input.directed,
    typeIds: input.relationshipTypeIds ?? null,
  });
  if (route.length === 0) return { found: false, totalCost: null, steps: [] };
  const steps = route.map((step, index) => {
    const previous = route[index - 1];
    if (step.entity_id === null || (previous && previous.relationship_id === null)) throw changedMeanwhile();
    return {
      entity: { id: step.entity_id, name: step.entity_name, typeId: step.entity_type_id },
      viaRelationship: previous
        ? toGraphEdge({
            id: previous.relationship_id as string,
            source_entity_id: previous.source_entity_id,
            target_entity_id: previous.target_entity_id,
            type_id: previous.relationship_type_id,
            weight: previous.weight,
          })
        : null,
    };
  });
  return { found: true, totalCost: route[route.length - 1]?.agg_cost ?? 0, steps };
}
