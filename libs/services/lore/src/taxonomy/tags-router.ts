import { router } from "@cauldron/rpc";
import type { LoreRuntime } from "../lore-runtime";

/** lore.tags.*: the organization's document tags. */
export function createTagsRouter(_runtime: LoreRuntime) {
  return router({});
}
