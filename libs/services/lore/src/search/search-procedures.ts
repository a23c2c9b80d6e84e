import {
  loreRetrieveInputSchema,
  loreRetrieveOutputSchema,
  loreSearchInputSchema,
  loreSearchOutputSchema,
} from "@cauldron/contracts";
import { permittedProcedure } from "@cauldron/rpc";
import type { LoreRuntime } from "../lore-runtime";
import { retrievePassages } from "./retrieve-passages";
import { searchDocuments } from "./search-documents";

/** lore.search and lore.retrieve: finding documents and passages, always within the caller's team access. */
export function createSearchProcedures(runtime: LoreRuntime) {
  return {
    search: permittedProcedure("documents:read")
      .input(loreSearchInputSchema)
      .output(loreSearchOutputSchema)
      .query(({ ctx, input }) => searchDocuments(runtime, ctx, input)),

    retrieve: permittedProcedure("documents:read")
      .input(loreRetrieveInputSchema)
      .output(loreRetrieveOutputSchema)
      .query(({ ctx, input }) => retrievePassages(runtime, ctx, input)),
  };
}
