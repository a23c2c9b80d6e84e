import type { Entity, updateEntityInputSchema } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import { canonicalName } from "./canonical-name";
import { ENTITY_NAME_KEY } from "./create-entity";
import { distinctAliases } from "./entity-aliases";
import { geographyPoint, loadEntity } from "./entity-queries";
import type { GraphWriter } from "./graph-caller";
import { ENTITY_NOT_FOUND, nameTaken, nameWithoutWords, violates } from "./graph-refusals";

const CHANGEABLE = ["name", "aliases", "description", "properties", "location"] as const;

/**
 * Renames, re-aliases, redescribes or moves an entity. A new name gets a new canonical name and
 * leaves the aliases, so an alias that now repeats the name is dropped.
 */
export async function updateEntity(
  caller: GraphWriter,
  input: z.infer<typeof updateEntityInputSchema>,
): Promise<Entity> {
  const canonical = input.name === undefined ? undefined : canonicalName(input.name);
  if (canonical === "") throw nameWithoutWords();
  try {
    return await caller.tenant(async (trx) => {
      const current = requireFound(
        await trx
          .selectFrom("lore.entities")
          .select(["name", "aliases"])
          .where("id", "=", input.id)
          .forUpdate()
          .executeTakeFirst(),
        ENTITY_NOT_FOUND,
      );
      const name = input.name ?? current.name;
      await trx
        .updateTable("lore.entities")
        .set({
          ...(input.name !== undefined && canonical !== undefined
            ? { name: input.name, canonical_name: canonical }
            : {}),
          ...(input.name !== undefined || input.aliases !== undefined
            ? { aliases: distinctAliases(name, input.aliases ?? current.aliases) }
            : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.properties !== undefined ? { properties: JSON.stringify(input.properties) } : {}),
          ...(input.location !== undefined
            ? { location: input.location === null ? null : geographyPoint(input.location) }
            : {}),
        })
        .where("id", "=", input.id)
        .execute();
      await caller.record(trx, {
        action: "entity.updated",
        target: { type: "entity", id: input.id },
        metadata: { changedFields: CHANGEABLE.filter((field) => input[field] !== undefined) },
      });
      return requireFound(await loadEntity(trx, input.id), ENTITY_NOT_FOUND);
    });
  } catch (error) {
    if (input.name !== undefined && violates(error, "23505", ENTITY_NAME_KEY)) {
      throw nameTaken("An entity of this type", input.name);
    }
    throw error;
  }
}
