import { emptyExtraction, type EntityExtractor, type Extraction } from "./extracted";

/** A chunk of a document's text: its id, where it starts in the document, and its text. */
export interface ChunkText {
  chunkId: string;
  start: number;
  content: string;
}

/** A chunk and what every extractor found in it (offsets into the chunk's text). */
export interface ExtractedChunk extends ChunkText {
  extraction: Extraction;
}

// Chunks extracted at once: a remote model answers slowly, the built-in one only uses the CPU.
const CHUNKS_AT_ONCE = 4;

async function extractChunk(
  chunk: ChunkText,
  extractors: readonly EntityExtractor[],
  signal: AbortSignal | undefined,
): Promise<ExtractedChunk> {
  const extraction = emptyExtraction();
  for (const extractor of extractors) {
    const found = await extractor.extract(chunk.content, signal);
    extraction.mentions.push(...found.mentions);
    extraction.relations.push(...found.relations);
  }
  return { ...chunk, extraction };
}

/**
 * Runs every extractor over every chunk (a few chunks at a time), with no transaction open: an
 * extractor may call a remote model. Fails as soon as one extractor fails.
 */
export async function extractChunks(
  chunks: readonly ChunkText[],
  extractors: readonly EntityExtractor[],
  signal?: AbortSignal,
): Promise<ExtractedChunk[]> {
  const extracted = new Array<ExtractedChunk>(chunks.length);
  // The first failure stops the chunks still being extracted.
  const failed = new AbortController();
  const combined = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
  let next = 0;
  const worker = async () => {
    while (next < chunks.length && !combined.aborted) {
      const index = next;
      next += 1;
      try {
        extracted[index] = await extractChunk(chunks[index]!, extractors, combined);
      } catch (error) {
        failed.abort(error);
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHUNKS_AT_ONCE, chunks.length) }, worker));
  if (signal?.aborted) throw signal.reason;
  return extracted;
}
