import type { createTagInputSchema, Tag } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import { isTagNameTaken, loadTag } from "./tag-queries";
import { TAG_NOT_FOUND, tagNameTaken } from "./tag-refusals";
import type { TaxonomyWriter } from "./taxonomy-caller";

/** Creates a tag; names are unique per organization. */
export async function createTag(caller: TaxonomyWriter, input: z.infer<typeof createTagInputSchema>): Promise<Tag> {
  const { organizationId } = caller;
  try {
    return await caller.tenant(async (trx) => {
      const created = await trx
        .insertInto("lore.document_tags")
        .values({ organization_id: organizationId, name: input.name, color: input.color ?? null })
        .returning("id")
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "tag.created",
        target: { type: "tag", id: created.id },
        metadata: { name: input.name },
        events: [],
      });
      return requireFound(await loadTag(trx, organizationId, created.id), TAG_NOT_FOUND);
    });
  } catch (error) {
    if (isTagNameTaken(error)) throw tagNameTaken(input.name);
    throw error;
  }
}
