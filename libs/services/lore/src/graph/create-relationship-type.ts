import type { createRelationshipTypeInputSchema, RelationshipType } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import type { GraphWriter } from "./graph-caller";
import { nameTaken, RELATIONSHIP_TYPE_NOT_FOUND, violates } from "./graph-refusals";
import { loadRelationshipType, RELATIONSHIP_TYPE_NAME_KEY } from "./relationship-type-queries";

/** Creates a relationship type; names are unique in the organization. */
export async function createRelationshipType(
  caller: GraphWriter,
  input: z.infer<typeof createRelationshipTypeInputSchema>,
): Promise<RelationshipType> {
  try {
    return await caller.tenant(async (trx) => {
      const created = await trx
        .insertInto("lore.relationship_types")
        .values({
          organization_id: caller.organizationId,
          name: input.name,
          inverse_name: input.inverseName ?? null,
          directed: input.directed,
          description: input.description ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "relationship_type.created",
        target: { type: "relationship_type", id: created.id },
        metadata: { name: input.name },
      });
      return requireFound(await loadRelationshipType(trx, created.id), RELATIONSHIP_TYPE_NOT_FOUND);
    });
  } catch (error) {
    if (violates(error, "23505", RELATIONSHIP_TYPE_NAME_KEY)) throw nameTaken("A relationship type", input.name);
    throw error;
  }
}
