import type { RelationshipType, updateRelationshipTypeInputSchema } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import type { GraphWriter } from "./graph-caller";
import { nameTaken, RELATIONSHIP_TYPE_NOT_FOUND, violates } from "./graph-refusals";
import { loadRelationshipType, RELATIONSHIP_TYPE_NAME_KEY } from "./relationship-type-queries";

const CHANGEABLE = ["name", "inverseName", "directed", "description"] as const;

/** Renames a relationship type, or changes its inverse name, direction or description. */
export async function updateRelationshipType(
  caller: GraphWriter,
  input: z.infer<typeof updateRelationshipTypeInputSchema>,
): Promise<RelationshipType> {
  try {
    return await caller.tenant(async (trx) => {
      const updated = await trx
        .updateTable("lore.relationship_types")
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.inverseName !== undefined ? { inverse_name: input.inverseName } : {}),
          ...(input.directed !== undefined ? { directed: input.directed } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
        })
        .where("id", "=", input.id)
        .returning("id")
        .executeTakeFirst();
      requireFound(updated, RELATIONSHIP_TYPE_NOT_FOUND);
      await caller.record(trx, {
        action: "relationship_type.updated",
        target: { type: "relationship_type", id: input.id },
        metadata: { changedFields: CHANGEABLE.filter((field) => input[field] !== undefined) },
      });
      return requireFound(await loadRelationshipType(trx, input.id), RELATIONSHIP_TYPE_NOT_FOUND);
    });
  } catch (error) {
    if (input.name !== undefined && violates(error, "23505", RELATIONSHIP_TYPE_NAME_KEY)) {
      throw nameTaken("A relationship type", input.name);
    }
    throw error;
  }
}
