import type { Relationship, updateRelationshipInputSchema } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import type { GraphWriter } from "./graph-caller";
import { RELATIONSHIP_NOT_FOUND } from "./graph-refusals";
import { loadRelationship } from "./relationship-queries";

/** Changes a relationship's weight, confidence or properties. */
export async function updateRelationship(
  caller: GraphWriter,
  input: z.infer<typeof updateRelationshipInputSchema>,
): Promise<Relationship> {
  return caller.tenant(async (trx) => {
    const updated = await trx
      .updateTable("lore.relationships")
      .set({
        ...(input.weight !== undefined ? { weight: input.weight } : {}),
        ...(input.confidence !== undefined ? { confidence: input.confidence } : {}),
        ...(input.properties !== undefined ? { properties: JSON.stringify(input.properties) } : {}),
      })
      .where("id", "=", input.id)
      .returning("id")
      .executeTakeFirst();
    requireFound(updated, RELATIONSHIP_NOT_FOUND);
    await caller.record(trx, {
      action: "relationship.updated",
      target: { type: "relationship", id: input.id },
      metadata: {
        changedFields: (["weight", "confidence", "properties"] as const).filter((field) => input[field] !== undefined),
      },
    });
    return requireFound(await loadRelationship(trx, input.id), RELATIONSHIP_NOT_FOUND);
  });
}
