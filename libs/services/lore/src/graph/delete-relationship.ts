import { requireFound } from "@cauldron/rpc";
import type { GraphWriter } from "./graph-caller";
import { RELATIONSHIP_NOT_FOUND } from "./graph-refusals";

/** Deletes a relationship. */
export async function deleteRelationship(caller: GraphWriter, relationshipId: string): Promise<{ id: string }> {
  return caller.tenant(async (trx) => {
    const deleted = requireFound(
      await trx
        .deleteFrom("lore.relationships")
        .where("id", "=", relationshipId)
        .returning(["id", "source_entity_id", "target_entity_id", "type_id"])
        .executeTakeFirst(),
      RELATIONSHIP_NOT_FOUND,
    );
    await caller.record(trx, {
      action: "relationship.deleted",
      target: { type: "relationship", id: deleted.id },
      metadata: {
        sourceEntityId: deleted.source_entity_id,
        targetEntityId: deleted.target_entity_id,
        typeId: deleted.type_id,
      },
    });
    return { id: deleted.id };
  });
}
