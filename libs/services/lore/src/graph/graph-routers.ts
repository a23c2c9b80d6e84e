import { router } from "@cauldron/rpc";
import type { LoreRuntime } from "../lore-runtime";

/** lore.entities / entityTypes / relationships / relationshipTypes / graph: the knowledge graph. */
export function createGraphRouters(_runtime: LoreRuntime) {
  return {
    entities: router({}),
    entityTypes: router({}),
    relationships: router({}),
    relationshipTypes: router({}),
    graph: router({}),
  };
}
