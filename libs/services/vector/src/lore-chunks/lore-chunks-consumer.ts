import type { ConsumerWorker } from "@cauldron/rpc";
import type { VectorRuntime } from "../vector-runtime";
import { embedChunkPart } from "./embed-chunk-part";
import { deleteDocumentChunks, lockDocumentChunks, setChunkTeamAccess } from "./lore-chunk-queries";

/** The consumer group of the vector service's lore chunk consumer, shared by its replicas. */
export const LORE_CHUNKS_CONSUMER_GROUP = "vector-lore-chunks";

/**
 * Declares the consumer that keeps lore's chunk embeddings: embeds each `chunks.changed` part and
 * answers it with `document_chunks.embedded`, deletes a deleted document's chunk embeddings, and
 * applies a document's new team access. Each handler locks the document's chunk embeddings, so
 * parts, deletions and team changes of one document never interleave across replicas.
 */
export function loreChunksConsumer(runtime: VectorRuntime): ConsumerWorker {
  const logger = runtime.logger.child({ component: "lore-chunks-consumer" });
  return {
    kind: "consumer",
    group: LORE_CHUNKS_CONSUMER_GROUP,
    // Chunks published while every replica was down (or before the group existed) are still embedded.
    startFrom: "beginning",
    handlers: {
      // Detached: a provider may take seconds, so no transaction stays open while it embeds.
      "chunks.changed": {
        detached: (event, inTransaction) => embedChunkPart({ runtime, logger }, event.payload, inTransaction),
      },
      "document.deleted": async (event, trx) => {
        const { organizationId, documentId } = event.payload;
        await lockDocumentChunks(trx, documentId);
        const deleted = await deleteDocumentChunks(trx, organizationId, documentId);
        logger.info({ documentId, deleted }, "deleted a deleted document's chunk embeddings");
      },
      "document.teams_set": async (event, trx) => {
        const { organizationId, documentId, teamIds, teamIdsAsOf } = event.payload;
        await lockDocumentChunks(trx, documentId);
        const updated = await setChunkTeamAccess(trx, organizationId, documentId, { teamIds, teamIdsAsOf });
        logger.info({ documentId, updated }, "set the team access of a document's chunk embeddings");
      },
    },
  };
}
