import type { LoreRuntime } from "../lore-runtime";

/** lore.search and lore.retrieve: finding documents and passages, always within the caller's team access. */
export function createSearchProcedures(_runtime: LoreRuntime) {
  return {};
}
