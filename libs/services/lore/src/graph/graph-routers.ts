import type { LoreRuntime } from "../lore-runtime";
import { entitiesRouter } from "./entities-router";
import { entityTypesRouter } from "./entity-types-router";
import { graphRouter } from "./graph-router";
import { relationshipsRouter } from "./relationships-router";
import { relationshipTypesRouter } from "./relationship-types-router";

/** lore.entities / entityTypes / relationships / relationshipTypes / graph: the knowledge graph. */
export function createGraphRouters(_runtime: LoreRuntime) {
  return {
    entities: entitiesRouter,
    entityTypes: entityTypesRouter,
    relationships: relationshipsRouter,
    relationshipTypes: relationshipTypesRouter,
    graph: graphRouter,
  };
}
