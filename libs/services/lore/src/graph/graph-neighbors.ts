import type { neighborhoodSchema, neighborsInputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import type { z } from "zod";
import { edgesAmong, toGraphEdge, walkGraph } from "./graph-traversal";

type Neighborhood = z.infer<typeof neighborhoodSchema>;

// At most 500 entities; their relationships are bounded too, a few per entity.
const MAX_EDGES = 2_000;

/**
 * The entities within `depth` relationships of one entity (each at its least depth) and the
 * relationships among them; undefined when the caller cannot see the entity.
 */
export async function neighborsOf(
  trx: Transaction<Database>,
  input: z.infer<typeof neighborsInputSchema>,
): Promise<Neighborhood | undefined> {
  const start = await trx.selectFrom("lore.entities").select("id").where("id", "=", input.entityId).executeTakeFirst();
  if (!start) return undefined;
  const reached = await walkGraph(trx, { ...input, startIds: [start.id] });
  const ids = reached.map((node) => node.id);
  const entities = await trx
    .selectFrom("lore.entities")
    .select(["id", "name", "type_id"])
    .where("id", "in", ids)
    .execute();
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  const edges = await edgesAmong(trx, ids, input.relationshipTypeIds, MAX_EDGES);
  return {
    nodes: reached.flatMap((node) => {
      const entity = byId.get(node.id);
      return entity ? [{ id: entity.id, name: entity.name, typeId: entity.type_id, depth: node.depth }] : [];
    }),
    edges: edges.map(toGraphEdge),
  };
}
