import { DOCUMENT_CONTENT_TYPES, type DocumentContentType } from "../text/document-content-type";

const IMPORTABLE: ReadonlySet<string> = new Set(DOCUMENT_CONTENT_TYPES);

/** The document content type an object of this MIME type becomes (parameters such as charset aside), if any. */
export function importableContentType(mimeType: string | null): DocumentContentType | undefined {
  const essence = (mimeType ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
  return IMPORTABLE.has(essence) ? (essence as DocumentContentType) : undefined;
}
