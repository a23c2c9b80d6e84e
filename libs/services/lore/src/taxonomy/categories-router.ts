import { router } from "@cauldron/rpc";
import type { LoreRuntime } from "../lore-runtime";

/** lore.categories.*: the organization's category tree. */
export function createCategoriesRouter(_runtime: LoreRuntime) {
  return router({});
}
