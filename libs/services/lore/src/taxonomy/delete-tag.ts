import { requireFound } from "@cauldron/rpc";
import type { TaxonomyWriter } from "./taxonomy-caller";
import { TAG_NOT_FOUND } from "./tag-refusals";

/** Deletes a tag; the database cascades to its links on every document. */
export async function deleteTag(caller: TaxonomyWriter, tagId: string): Promise<{ id: string }> {
  const { organizationId } = caller;
  return caller.tenant(async (trx) => {
    const deleted = requireFound(
      await trx
        .deleteFrom("lore.document_tags")
        .where("organization_id", "=", organizationId)
        .where("id", "=", tagId)
        .returning(["id", "name"])
        .executeTakeFirst(),
      TAG_NOT_FOUND,
    );
    await caller.record(trx, {
      action: "tag.deleted",
      target: { type: "tag", id: deleted.id },
      metadata: { name: deleted.name },
      events: [],
    });
    return { id: deleted.id };
  });
}
