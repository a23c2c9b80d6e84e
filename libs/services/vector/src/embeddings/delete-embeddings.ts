import type { deleteEmbeddingsInputSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { requireFound } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import type { z } from "zod";
import { loadCollection } from "../collections/collection-queries";
import { COLLECTION_NOT_FOUND } from "../collections/collection-refusals";
import { loadModel } from "../models/model-queries";
import { MODEL_NOT_FOUND } from "../models/model-refusals";
import { embeddingsDeletedEvents } from "./embedding-events";
import { deleteEmbeddingsById, deleteEmbeddingsMatching, removeFromCollection } from "./embedding-queries";
import type { EmbeddingsCaller } from "./embeddings-caller";

type DeleteInput = z.infer<typeof deleteEmbeddingsInputSchema>;
type Selection = Exclude<DeleteInput, { ids: string[] }>;

interface Deletion {
  /** What the caller asked to delete that is gone: rows, or for a collection, its items. */
  count: number;
  deletedIds: string[];
}

// A collection is a set of embeddings, some of which other collections hold too: deleting from
// it takes the matching items out and deletes only the embeddings left in no collection.
async function deleteSelected(trx: Transaction<Database>, organizationId: string, input: Selection): Promise<Deletion> {
  const { collectionId, modelId, ...selection } = input;
  if (collectionId !== undefined) {
    requireFound(await loadCollection(trx, organizationId, collectionId), COLLECTION_NOT_FOUND);
    const { removed, deletedIds } = await removeFromCollection(trx, organizationId, collectionId, selection);
    return { count: removed, deletedIds };
  }
  if (modelId !== undefined) requireFound(await loadModel(trx, modelId), MODEL_NOT_FOUND);
  const deletedIds = await deleteEmbeddingsMatching(trx, organizationId, { ...selection, modelId });
  return { count: deletedIds.length, deletedIds };
}

function deletionTarget(input: DeleteInput): { target?: { type: string; id: string } } {
  if ("ids" in input) return {};
  if (input.collectionId !== undefined) return { target: { type: "collection", id: input.collectionId } };
  if (input.modelId !== undefined) return { target: { type: "embedding_model", id: input.modelId } };
  return {};
}

/**
 * Deletes embeddings by id, or those matching a filter and entity within a model, a collection, or
 * (naming neither) every model of the organization. Returns how many went; each deleted row is
 * announced by `embedding.deleted`. Ids of other organizations' rows are simply not found.
 */
export async function deleteEmbeddings(caller: EmbeddingsCaller, input: DeleteInput): Promise<{ deleted: number }> {
  const { organizationId } = caller;
  return caller.tenant(async (trx) => {
    const deletion =
      "ids" in input
        ? await deleteEmbeddingsById(trx, organizationId, input.ids).then((ids) => ({
            count: ids.length,
            deletedIds: ids,
          }))
        : await deleteSelected(trx, organizationId, input);
    if (deletion.count > 0) {
      await caller.record(trx, {
        action: "embedding.deleted",
        ...deletionTarget(input),
        metadata: {
          by: "ids" in input ? "ids" : "selection",
          count: deletion.count,
          deleted: deletion.deletedIds.length,
        },
        events: embeddingsDeletedEvents(organizationId, deletion.deletedIds),
      });
    }
    return { deleted: deletion.count };
  });
}
