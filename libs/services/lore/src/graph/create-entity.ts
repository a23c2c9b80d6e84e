import type { createEntityInputSchema, Entity } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import { canonicalName } from "./canonical-name";
import { distinctAliases } from "./entity-aliases";
import { geographyPoint, loadEntity } from "./entity-queries";
import { existingEntityTypeIds } from "./entity-type-queries";
import type { GraphWriter } from "./graph-caller";
import { ENTITY_NOT_FOUND, ENTITY_TYPE_NOT_FOUND, nameTaken, nameWithoutWords, violates } from "./graph-refusals";

/** The unique key an entity's canonical name must not repeat within its type. */
export const ENTITY_NAME_KEY = "entities_organization_id_type_id_canonical_name_key";

/** Creates an entity of a type; its canonical name is unique within the type. */
export async function createEntity(
  caller: GraphWriter,
  input: z.infer<typeof createEntityInputSchema>,
): Promise<Entity> {
  const canonical = canonicalName(input.name);
  if (canonical === "") throw nameWithoutWords();
  try {
    return await caller.tenant(async (trx) => {
      requireFound((await existingEntityTypeIds(trx, [input.typeId]))[0], ENTITY_TYPE_NOT_FOUND);
      const created = await trx
        .insertInto("lore.entities")
        .values({
          organization_id: caller.organizationId,
          type_id: input.typeId,
          name: input.name,
          canonical_name: canonical,
          aliases: distinctAliases(input.name, input.aliases),
          description: input.description ?? null,
          properties: JSON.stringify(input.properties),
          location: input.location ? geographyPoint(input.location) : null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "entity.created",
        target: { type: "entity", id: created.id },
        metadata: { name: input.name, typeId: input.typeId },
      });
      return requireFound(await loadEntity(trx, created.id), ENTITY_NOT_FOUND);
    });
  } catch (error) {
    if (violates(error, "23505", ENTITY_NAME_KEY)) throw nameTaken("An entity of this type", input.name);
    throw error;
  }
}
