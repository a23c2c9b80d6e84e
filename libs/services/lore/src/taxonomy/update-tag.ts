import type { Tag, updateTagInputSchema } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import { isTagNameTaken, loadTag } from "./tag-queries";
import { TAG_NOT_FOUND, tagNameTaken } from "./tag-refusals";
import type { TaxonomyWriter } from "./taxonomy-caller";

/** Renames a tag or changes its colour (null clears it). */
export async function updateTag(caller: TaxonomyWriter, input: z.infer<typeof updateTagInputSchema>): Promise<Tag> {
  const { organizationId } = caller;
  try {
    return await caller.tenant(async (trx) => {
      const updated = await trx
        .updateTable("lore.document_tags")
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.color !== undefined ? { color: input.color } : {}),
        })
        .where("organization_id", "=", organizationId)
        .where("id", "=", input.id)
        .returning("id")
        .executeTakeFirst();
      requireFound(updated, TAG_NOT_FOUND);
      await caller.record(trx, {
        action: "tag.updated",
        target: { type: "tag", id: input.id },
        metadata: { changedFields: (["name", "color"] as const).filter((field) => input[field] !== undefined) },
        events: [],
      });
      return requireFound(await loadTag(trx, organizationId, input.id), TAG_NOT_FOUND);
    });
  } catch (error) {
    if (input.name !== undefined && isTagNameTaken(error)) throw tagNameTaken(input.name);
    throw error;
  }
}
