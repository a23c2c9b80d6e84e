import type { InvalidField } from "@cauldron/rpc";
import type { CompiledMetadataSchema } from "../collections/metadata-schema";
import { isStorableText, storableJsonProblem } from "../collections/storable-json";
import type { ModelRow } from "../models/model-queries";
import { checkVector, type VectorDistance } from "../providers";
import type { UpsertItem } from "./upsert-items";

// Enough to fix a batch by; a thousand items failing the same way need not produce a thousand messages.
const MOST_ISSUES = 100;

/**
 * Every problem with the items an upsert to `model` would store: vectors of the wrong size (or
 * missing, for a precomputed model), content or metadata Postgres cannot store, and metadata the
 * collection's schema refuses. Paths name the item, e.g. ["items", 2, "metadata", "price"].
 */
export function upsertItemIssues(
  items: readonly UpsertItem[],
  model: ModelRow,
  metadataSchema: CompiledMetadataSchema | null,
): InvalidField[] {
  const issues: InvalidField[] = [];
  const distance = model.distance as VectorDistance;
  for (const [index, item] of items.entries()) {
    if (issues.length >= MOST_ISSUES) break;
    if (!isStorableText(item.content)) {
      issues.push({ path: ["items", index, "content"], message: "content must not contain NUL characters" });
    }
    if (item.vector !== undefined) {
      const problem = checkVector(item.vector, model.dimensions, distance);
      if (problem) issues.push({ path: ["items", index, "vector"], message: problem });
    } else if (model.provider === "precomputed") {
      issues.push({
        path: ["items", index, "vector"],
        message: `Embedding model "${model.name}" is precomputed: send a vector with every item`,
      });
    }
    const metadata = item.metadata ?? {};
    const problem = storableJsonProblem(metadata);
    if (problem) issues.push({ path: ["items", index, "metadata"], message: `metadata: ${problem}` });
    else if (metadataSchema) issues.push(...metadataSchema.issuesOf(metadata, index));
  }
  return issues.slice(0, MOST_ISSUES);
}
