import type { Document, updateDocumentInputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { requireFound } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import type { z } from "zod";
import type { LoreRuntime } from "../lore-runtime";
import { commitDocumentEdit, type DocumentEdit } from "./commit-document-edit";
import { loadDocumentForm, loadDocumentText } from "./document-queries";
import { DOCUMENT_NOT_FOUND, staleVersion } from "./document-refusals";
import { chunkDocumentText, extractDocumentText } from "./document-text";
import type { DocumentsCaller } from "./documents-caller";

type UpdateInput = z.output<typeof updateDocumentInputSchema>;

/**
 * The document as `load` reads it ahead of the transaction, when new text needs its current type
 * or text; refusing a stale version here spares extracting text for a change that cannot land
 * (the version is checked again under the row lock).
 */
async function readAhead<T extends { version: number }>(
  caller: DocumentsCaller,
  input: UpdateInput,
  load: (trx: Transaction<Database>, organizationId: string, documentId: string) => Promise<T | undefined>,
): Promise<T> {
  const current = requireFound(
    await caller.tenant((trx) => load(trx, caller.organizationId, input.id)),
    DOCUMENT_NOT_FOUND,
  );
  if (current.version !== input.expectedVersion) throw staleVersion(input.expectedVersion, current.version);
  return current;
}

/** The edit's new text with its chunks: extracted from a new source, or the current text cut with new settings. */
async function editedText(
  runtime: LoreRuntime,
  caller: DocumentsCaller,
  input: UpdateInput,
): Promise<DocumentEdit["text"]> {
  const { config } = runtime;
  if (input.content === undefined && input.contentBase64 === undefined) {
    if (input.chunking === undefined) return undefined;
    const current = await readAhead(caller, input, loadDocumentText);
    const chunks = chunkDocumentText(config, current.content, current.contentType, input.chunking);
    return { text: current.content, contentType: current.contentType, chunks };
  }
  const contentType = input.contentType ?? (await readAhead(caller, input, loadDocumentForm)).contentType;
  const text = await extractDocumentText(config, {
    contentType,
    content: input.content,
    contentBase64: input.contentBase64,
  });
  return { text, contentType, chunks: chunkDocumentText(config, text, contentType, input.chunking) };
}

/**
 * Changes a document against `expectedVersion`: new text is extracted and chunked before the
 * transaction that locks the document, checks the version and writes the change.
 */
export async function updateDocument(
  runtime: LoreRuntime,
  caller: DocumentsCaller,
  input: UpdateInput,
): Promise<Document> {
  const { id, expectedVersion, title, metadata, changeNote, categoryIds, tagIds, status, slug } = input;
  return commitDocumentEdit(caller, {
    id,
    expectedVersion,
    title,
    text: await editedText(runtime, caller, input),
    rechunked: input.chunking !== undefined,
    metadata,
    changeNote,
    categoryIds,
    tagIds,
    status,
    slug,
  });
}
