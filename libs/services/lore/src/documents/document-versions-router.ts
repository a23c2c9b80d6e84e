import {
  diffDocumentVersionsInputSchema,
  documentSchema,
  documentVersionDiffSchema,
  documentVersionInputSchema,
  documentVersionPageSchema,
  documentVersionSchema,
  listDocumentVersionsInputSchema,
  restoreDocumentVersionInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import type { LoreRuntime } from "../lore-runtime";
import { diffDocumentVersions } from "./diff-versions";
import { restoreDocumentVersion } from "./restore-version";
import { listVersions, requireVersion } from "./version-queries";

/** lore.documents.versions.*: a document's history, the change between two versions, and going back to one. */
export function createDocumentVersionsRouter(runtime: LoreRuntime) {
  return router({
    list: permittedProcedure("documents:read")
      .input(listDocumentVersionsInputSchema)
      .output(documentVersionPageSchema)
      .query(({ ctx, input }) => ctx.tenant((trx) => listVersions(trx, ctx.organizationId, input))),

    get: permittedProcedure("documents:read")
      .input(documentVersionInputSchema)
      .output(documentVersionSchema)
      .query(({ ctx, input }) => ctx.tenant((trx) => requireVersion(trx, ctx.organizationId, input.id, input.version))),

    diff: permittedProcedure("documents:read")
      .input(diffDocumentVersionsInputSchema)
      .output(documentVersionDiffSchema)
      .query(({ ctx, input }) => diffDocumentVersions(ctx.tenant, ctx.organizationId, input)),

    restore: permittedWriteProcedure("documents:update")
      .input(restoreDocumentVersionInputSchema)
      .output(documentSchema)
      .mutation(({ ctx, input }) => restoreDocumentVersion(runtime, ctx, input)),
  });
}
