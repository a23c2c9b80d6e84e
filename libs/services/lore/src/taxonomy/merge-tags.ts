import type { MergedTags, mergeTagsInputSchema } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import { callerSeesAllDocuments, loadTag, lockTags, retagDocuments } from "./tag-queries";
import { mergeNeedsEveryDocument, TAG_NOT_FOUND, unknownSourceTags } from "./tag-refusals";
import type { TaxonomyWriter } from "./taxonomy-caller";

/**
 * Folds the source tags into the target in one transaction: every document carrying a source
 * carries the target afterwards (once), and the sources are deleted. Only someone who sees
 * every document may merge, since links the caller cannot see could not move.
 */
export async function mergeTags(
  caller: TaxonomyWriter,
  input: z.infer<typeof mergeTagsInputSchema>,
): Promise<MergedTags> {
  const { organizationId } = caller;
  const sourceTagIds = [...new Set(input.sourceTagIds)];
  return caller.tenant(async (trx) => {
    if (!(await callerSeesAllDocuments(trx))) throw mergeNeedsEveryDocument();
    const locked = await lockTags(trx, organizationId, [...sourceTagIds, input.targetTagId]);
    const nameOf = new Map(locked.map((tag) => [tag.id, tag.name]));
    if (!nameOf.has(input.targetTagId)) throw new TRPCError({ code: "NOT_FOUND", message: TAG_NOT_FOUND });
    const unknown = input.sourceTagIds.flatMap((id, index) => (nameOf.has(id) ? [] : [index]));
    if (unknown.length > 0) throw unknownSourceTags(unknown);

    const addedLinks = await retagDocuments(trx, organizationId, sourceTagIds, input.targetTagId);
    await trx
      .deleteFrom("lore.document_tags")
      .where("organization_id", "=", organizationId)
      .where("id", "in", sourceTagIds)
      .execute();
    await caller.record(trx, {
      action: "tag.merged",
      target: { type: "tag", id: input.targetTagId },
      metadata: { sourceTagIds, sourceNames: sourceTagIds.map((id) => nameOf.get(id)), addedLinks },
      events: [],
    });
    return {
      tag: requireFound(await loadTag(trx, organizationId, input.targetTagId), TAG_NOT_FOUND),
      mergedTagIds: sourceTagIds,
    };
  });
}
