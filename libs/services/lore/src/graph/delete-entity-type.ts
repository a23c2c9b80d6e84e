import { requireFound } from "@cauldron/rpc";
import type { GraphWriter } from "./graph-caller";
import { ENTITY_TYPE_NOT_FOUND, typeInUse, violates } from "./graph-refusals";

const USED_BY_ENTITIES = "entities_organization_id_type_id_fkey";

/**
 * Deletes an unused entity type. Entities the caller cannot see count too: the foreign key, which
 * ignores RLS, refuses the delete, and the refusal says only that the type is in use.
 */
export async function deleteEntityType(caller: GraphWriter, typeId: string): Promise<{ id: string }> {
  try {
    return await caller.tenant(async (trx) => {
      const deleted = await trx
        .deleteFrom("lore.entity_types")
        .where("id", "=", typeId)
        .returning(["id", "name"])
        .executeTakeFirst();
      const type = requireFound(deleted, ENTITY_TYPE_NOT_FOUND);
      await caller.record(trx, {
        action: "entity_type.deleted",
        target: { type: "entity_type", id: type.id },
        metadata: { name: type.name },
      });
      return { id: type.id };
    });
  } catch (error) {
    if (violates(error, "23503", USED_BY_ENTITIES)) throw typeInUse("entity type", "entities");
    throw error;
  }
}
