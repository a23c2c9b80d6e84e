import type { EntityType, updateEntityTypeInputSchema } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import { ENTITY_TYPE_NAME_KEY, loadEntityType } from "./entity-type-queries";
import type { GraphWriter } from "./graph-caller";
import { ENTITY_TYPE_NOT_FOUND, nameTaken, violates } from "./graph-refusals";

/** Renames, redescribes or changes the property schema of an entity type. */
export async function updateEntityType(
  caller: GraphWriter,
  input: z.infer<typeof updateEntityTypeInputSchema>,
): Promise<EntityType> {
  try {
    return await caller.tenant(async (trx) => {
      const updated = await trx
        .updateTable("lore.entity_types")
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.schema !== undefined ? { schema: JSON.stringify(input.schema) } : {}),
        })
        .where("id", "=", input.id)
        .returning("id")
        .executeTakeFirst();
      requireFound(updated, ENTITY_TYPE_NOT_FOUND);
      await caller.record(trx, {
        action: "entity_type.updated",
        target: { type: "entity_type", id: input.id },
        metadata: { changedFields: (["name", "description", "schema"] as const).filter((f) => input[f] !== undefined) },
      });
      return requireFound(await loadEntityType(trx, input.id), ENTITY_TYPE_NOT_FOUND);
    });
  } catch (error) {
    if (input.name !== undefined && violates(error, "23505", ENTITY_TYPE_NAME_KEY))
      throw nameTaken("An entity type", input.name);
    throw error;
  }
}
