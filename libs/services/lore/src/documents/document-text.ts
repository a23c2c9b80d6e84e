import { invalidFields } from "@cauldron/rpc";
import type { LoreEnv } from "../lore-config";
import { chunkText, defaultChunkingStrategy, type ChunkingStrategy } from "../text/chunk-text";
import { DOCUMENT_CONTENT_TYPES, type DocumentContentType } from "../text/document-content-type";
import { extractText, TextExtractionError } from "../text/extract-text";
import type { ChunkDraft } from "./chunk-rows";

/** What a caller sent as a document's content: text, or the base64 of a binary source such as a PDF. */
export interface DocumentSource {
  contentType: string;
  content?: string;
  contentBase64?: string;
}

/** A caller's chunking settings; each one left out takes the service's. */
export interface ChunkingSettings {
  strategy?: ChunkingStrategy;
  maxTokens?: number;
  overlapTokens?: number;
}

const KNOWN_CONTENT_TYPES: ReadonlySet<string> = new Set(DOCUMENT_CONTENT_TYPES);

/** The content type named, if the service reads it; else BAD_REQUEST on `contentType`. */
export function readableContentType(contentType: string): DocumentContentType {
  if (KNOWN_CONTENT_TYPES.has(contentType)) return contentType as DocumentContentType;
  throw invalidFields([
    { path: ["contentType"], message: `contentType must be one of ${DOCUMENT_CONTENT_TYPES.join(", ")}` },
  ]);
}

/**
 * The text a document holds for its source (HTML without scripts or markup, a PDF's text), within
 * the configured limits; a source that cannot be read is BAD_REQUEST on the field that carried it.
 */
export async function extractDocumentText(config: LoreEnv, source: DocumentSource): Promise<string> {
  const contentType = readableContentType(source.contentType);
  try {
    return await extractText(
      { contentType, content: source.content, contentBase64: source.contentBase64 },
      { maxSourceBytes: config.LORE_MAX_SOURCE_BYTES, maxTextBytes: config.LORE_MAX_DOCUMENT_BYTES },
    );
  } catch (error) {
    if (error instanceof TextExtractionError) throw invalidFields([{ path: [error.field], message: error.message }]);
    throw error;
  }
}

/** Cuts a version's text into chunks with the caller's settings over the service's. */
export function chunkDocumentText(
  config: LoreEnv,
  text: string,
  contentType: string,
  settings: ChunkingSettings = {},
): ChunkDraft[] {
  const maxTokens = settings.maxTokens ?? config.LORE_CHUNK_TOKENS;
  const overlapTokens = settings.overlapTokens ?? Math.min(config.LORE_CHUNK_OVERLAP_TOKENS, maxTokens - 1);
  if (overlapTokens >= maxTokens) {
    throw invalidFields([
      { path: ["chunking", "overlapTokens"], message: `overlapTokens must be smaller than maxTokens (${maxTokens})` },
    ]);
  }
  const strategy = settings.strategy ?? defaultChunkingStrategy(readableContentType(contentType));
  return chunkText(text, { strategy, maxTokens, overlapTokens });
}
