import type { CreateDocumentInput, Document } from "@cauldron/contracts";
import { invalidFields } from "@cauldron/rpc";
import { createDocument } from "../documents/create-document";
import type { LoreRuntime } from "../lore-runtime";
import { importDocument, type ImportingCaller } from "./import-document";

/** lore.documents.create: a document from the content sent, or imported from the storage object named as its source. */
export function createRequestedDocument(
  runtime: LoreRuntime,
  caller: ImportingCaller,
  input: CreateDocumentInput,
): Promise<Document> {
  const { source, contentType, ...fields } = input;
  if (source) return importDocument(runtime, caller, { ...fields, source });
  if (contentType === undefined) {
    throw invalidFields([
      { path: ["contentType"], message: "name the contentType of the content, or import a storage object as source" },
    ]);
  }
  return createDocument(runtime, caller, { ...fields, contentType });
}
