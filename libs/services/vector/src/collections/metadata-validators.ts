import { compileMetadataSchema, type CompiledMetadataSchema } from "./metadata-schema";

/** A collection as its metadata check needs it. */
export interface SchemaHolder {
  id: string;
  metadataSchema: Record<string, unknown>;
  updatedAt: Date;
}

const COLLECTIONS_KEPT = 500;

interface Kept {
  version: string;
  compiled: CompiledMetadataSchema;
}

/**
 * Compiled metadata schemas by collection, so an upsert compiles a collection's schema once per
 * process and version. A version is the collection's updated_at with its schema text: an update
 * within the same millisecond still changes the text. The least recently used are dropped (and
 * their regular expressions freed) beyond 500 collections.
 */
export function createMetadataValidators() {
  const kept = new Map<string, Kept>();
  return {
    /** The compiled schema of `collection`; use it before the next call, which may free an older one. */
    forCollection(collection: SchemaHolder): CompiledMetadataSchema {
      const version = `${collection.updatedAt.getTime()}:${JSON.stringify(collection.metadataSchema)}`;
      const entry = kept.get(collection.id);
      kept.delete(collection.id);
      if (entry && entry.version === version) {
        kept.set(collection.id, entry);
        return entry.compiled;
      }
      entry?.compiled.release();
      const compiled = compileMetadataSchema(collection.metadataSchema);
      kept.set(collection.id, { version, compiled });
      while (kept.size > COLLECTIONS_KEPT) {
        const [oldestId, oldest] = kept.entries().next().value!;
        kept.delete(oldestId);
        oldest.compiled.release();
      }
      return compiled;
    },
  };
}

export type MetadataValidators = ReturnType<typeof createMetadataValidators>;
