import { router } from "@cauldron/rpc";
import type { LoreRuntime } from "../lore-runtime";

/** lore.documents.*: documents, their versions and chunks, and who may see them. */
export function createDocumentsRouter(_runtime: LoreRuntime) {
  return router({});
}
