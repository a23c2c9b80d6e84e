import {
  createDocumentInputSchema,
  deletedDocumentSchema,
  documentChunksInputSchema,
  documentChunksSchema,
  documentIdInputSchema,
  documentPageSchema,
  documentSchema,
  listDocumentsInputSchema,
  setDocumentTeamsInputSchema,
  updateDocumentInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, requireFound, router } from "@cauldron/rpc";
import type { LoreEnv } from "../lore-config";
import type { LoreRuntime } from "../lore-runtime";
import { createRequestedDocument } from "../storage-import/create-requested-document";
import { setDocumentArchived } from "./archive-document";
import { loadVersionChunks } from "./chunk-queries";
import { deleteDocument } from "./delete-document";
import { createDocumentVersionsRouter } from "./document-versions-router";
import { listDocuments, loadDocument } from "./document-queries";
import { DOCUMENT_NOT_FOUND } from "./document-refusals";
import { setDocumentTeams } from "./set-document-teams";
import { updateDocument } from "./update-document";

/** The body a create or update may send: the largest source as base64 (or text, JSON-escaped) and room for the rest. */
function documentBodyLimit(config: LoreEnv): `${number}b` {
  const largest = Math.max(Math.ceil((config.LORE_MAX_SOURCE_BYTES * 4) / 3), config.LORE_MAX_DOCUMENT_BYTES * 2);
  return `${largest + 1_048_576}b`;
}

/** lore.documents.*: documents, their versions and chunks, and who may see them. */
export function createDocumentsRouter(runtime: LoreRuntime) {
  const bodyLimit = documentBodyLimit(runtime.config);
  return router({
    create: permittedWriteProcedure("documents:create")
      .meta({ bodyLimit })
      .input(createDocumentInputSchema)
      .output(documentSchema)
      .mutation(({ ctx, input }) => createRequestedDocument(runtime, ctx, input)),

    get: permittedProcedure("documents:read")
      .input(documentIdInputSchema)
      .output(documentSchema)
      .query(async ({ ctx, input }) =>
        requireFound(await ctx.tenant((trx) => loadDocument(trx, ctx.organizationId, input.id)), DOCUMENT_NOT_FOUND),
      ),

    list: permittedProcedure("documents:read")
      .input(listDocumentsInputSchema)
      .output(documentPageSchema)
      .query(({ ctx, input }) => ctx.tenant((trx) => listDocuments(trx, ctx.organizationId, input))),

    update: permittedWriteProcedure("documents:update")
      .meta({ bodyLimit })
      .input(updateDocumentInputSchema)
      .output(documentSchema)
      .mutation(({ ctx, input }) => updateDocument(runtime, ctx, input)),

    archive: permittedWriteProcedure("documents:update")
      .input(documentIdInputSchema)
      .output(documentSchema)
      .mutation(({ ctx, input }) => setDocumentArchived(ctx, input.id, true)),

    restore: permittedWriteProcedure("documents:update")
      .input(documentIdInputSchema)
      .output(documentSchema)
      .mutation(({ ctx, input }) => setDocumentArchived(ctx, input.id, false)),

    delete: permittedWriteProcedure("documents:delete")
      .input(documentIdInputSchema)
      .output(deletedDocumentSchema)
      .mutation(({ ctx, input }) => deleteDocument(ctx, input.id)),

    setTeams: permittedWriteProcedure("documents:update")
      .input(setDocumentTeamsInputSchema)
      .output(documentSchema)
      .mutation(({ ctx, input }) => setDocumentTeams(ctx, input)),

    chunks: permittedProcedure("documents:read")
      .input(documentChunksInputSchema)
      .output(documentChunksSchema)
      .query(({ ctx, input }) => ctx.tenant((trx) => loadVersionChunks(trx, ctx.organizationId, input))),

    versions: createDocumentVersionsRouter(runtime),
  });
}
