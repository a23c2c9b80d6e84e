import type { createEntityTypeInputSchema, EntityType } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import { ENTITY_TYPE_NAME_KEY, loadEntityType } from "./entity-type-queries";
import type { GraphWriter } from "./graph-caller";
import { ENTITY_TYPE_NOT_FOUND, nameTaken, violates } from "./graph-refusals";

/** Creates an entity type; names are unique in the organization. */
export async function createEntityType(
  caller: GraphWriter,
  input: z.infer<typeof createEntityTypeInputSchema>,
): Promise<EntityType> {
  try {
    return await caller.tenant(async (trx) => {
      const created = await trx
        .insertInto("lore.entity_types")
        .values({
          organization_id: caller.organizationId,
          name: input.name,
          description: input.description ?? null,
          schema: JSON.stringify(input.schema),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "entity_type.created",
        target: { type: "entity_type", id: created.id },
        metadata: { name: input.name },
      });
      return requireFound(await loadEntityType(trx, created.id), ENTITY_TYPE_NOT_FOUND);
    });
  } catch (error) {
    if (violates(error, "23505", ENTITY_TYPE_NAME_KEY)) throw nameTaken("An entity type", input.name);
    throw error;
  }
}
