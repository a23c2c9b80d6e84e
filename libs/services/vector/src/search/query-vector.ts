import type { VectorDistance } from "@cauldron/contracts";
import { invalidFields } from "@cauldron/rpc";
import { embedTexts } from "../embeddings/server-embedding";
import type { ModelRow } from "../models/model-queries";
import { checkVector } from "../providers";
import type { VectorRuntime } from "../vector-runtime";

/** What the query vector comes from: the caller's vector, else their text. */
export interface QuerySource {
  text?: string;
  vector?: number[];
}

/**
 * The vector to search with. A supplied vector must fit the model (BAD_REQUEST on `vector`
 * otherwise); text is embedded by the model's provider within the organization's embedding
 * quota, its failures refused as upserts refuse them. Call it outside any transaction.
 */
export async function queryVectorFor(
  runtime: VectorRuntime,
  model: ModelRow,
  source: QuerySource,
  context: { organizationId: string; signal?: AbortSignal },
): Promise<number[]> {
  if (source.vector !== undefined) {
    const problem = checkVector(source.vector, model.dimensions, model.distance as VectorDistance);
    if (problem) throw invalidFields([{ path: ["vector"], message: problem }]);
    return source.vector;
  }
  const [vector] = await embedTexts(runtime, model, context.organizationId, [source.text ?? ""], context.signal);
  if (!vector) throw new Error(`model ${model.id} returned no vector for the search text`);
  return vector;
}
