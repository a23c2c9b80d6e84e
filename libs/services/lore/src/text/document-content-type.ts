/** The formats a document's source may arrive in; each is turned into plain text before chunking. */
export const DOCUMENT_CONTENT_TYPES = ["text/markdown", "text/plain", "text/html", "application/pdf"] as const;

export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];
