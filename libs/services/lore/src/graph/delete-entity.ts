import { requireFound } from "@cauldron/rpc";
import type { GraphWriter } from "./graph-caller";
import { ENTITY_NOT_FOUND } from "./graph-refusals";

/** Deletes an entity with its mentions, document links and relationships. */
export async function deleteEntity(caller: GraphWriter, entityId: string): Promise<{ id: string }> {
  return caller.tenant(async (trx) => {
    const deleted = requireFound(
      await trx
        .deleteFrom("lore.entities")
        .where("id", "=", entityId)
        .returning(["id", "name", "type_id"])
        .executeTakeFirst(),
      ENTITY_NOT_FOUND,
    );
    await caller.record(trx, {
      action: "entity.deleted",
      target: { type: "entity", id: deleted.id },
      metadata: { name: deleted.name, typeId: deleted.type_id },
    });
    return { id: deleted.id };
  });
}
