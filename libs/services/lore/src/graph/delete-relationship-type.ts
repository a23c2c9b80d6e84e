import { requireFound } from "@cauldron/rpc";
import type { GraphWriter } from "./graph-caller";
import { RELATIONSHIP_TYPE_NOT_FOUND, typeInUse, violates } from "./graph-refusals";

const USED_BY_RELATIONSHIPS = "relationships_organization_id_type_id_fkey";

/** Deletes an unused relationship type; relationships the caller cannot see count too (the foreign key ignores RLS). */
export async function deleteRelationshipType(caller: GraphWriter, typeId: string): Promise<{ id: string }> {
  try {
    return await caller.tenant(async (trx) => {
      const type = requireFound(
        await trx
          .deleteFrom("lore.relationship_types")
          .where("id", "=", typeId)
          .returning(["id", "name"])
          .executeTakeFirst(),
        RELATIONSHIP_TYPE_NOT_FOUND,
      );
      await caller.record(trx, {
        action: "relationship_type.deleted",
        target: { type: "relationship_type", id: type.id },
        metadata: { name: type.name },
      });
      return { id: type.id };
    });
  } catch (error) {
    if (violates(error, "23503", USED_BY_RELATIONSHIPS)) throw typeInUse("relationship type", "relationships");
    throw error;
  }
}
