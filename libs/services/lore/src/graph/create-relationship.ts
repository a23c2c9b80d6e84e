import type { createRelationshipInputSchema, Relationship } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import { visibleEntityIds } from "./entity-queries";
import type { GraphWriter } from "./graph-caller";
import {
  ENTITY_NOT_FOUND,
  EVIDENCE_CHUNK_NOT_FOUND,
  notFound,
  RELATIONSHIP_NOT_FOUND,
  RELATIONSHIP_TYPE_NOT_FOUND,
  relationshipExists,
  violates,
} from "./graph-refusals";
import { loadRelationship } from "./relationship-queries";

const ONE_PER_TYPE_AND_DIRECTION = "relationships_source_entity_id_target_entity_id_type_id_key";

/**
 * Relates two entities the caller can see; every referenced id is checked first, so another
 * organization's or a hidden one answers NOT_FOUND rather than a foreign-key failure.
 */
export async function createRelationship(
  caller: GraphWriter,
  input: z.infer<typeof createRelationshipInputSchema>,
): Promise<Relationship> {
  try {
    return await caller.tenant(async (trx) => {
      const visible = await visibleEntityIds(trx, [input.sourceEntityId, input.targetEntityId]);
      for (const id of [input.sourceEntityId, input.targetEntityId]) {
        if (!visible.has(id.toLowerCase())) throw notFound(ENTITY_NOT_FOUND);
      }
      requireFound(
        await trx.selectFrom("lore.relationship_types").select("id").where("id", "=", input.typeId).executeTakeFirst(),
        RELATIONSHIP_TYPE_NOT_FOUND,
      );
      if (input.evidenceChunkId !== undefined) {
        requireFound(
          await trx
            .selectFrom("lore.document_chunks")
            .select("id")
            .where("id", "=", input.evidenceChunkId)
            .executeTakeFirst(),
          EVIDENCE_CHUNK_NOT_FOUND,
        );
      }
      const created = await trx
        .insertInto("lore.relationships")
        .values({
          organization_id: caller.organizationId,
          source_entity_id: input.sourceEntityId,
          target_entity_id: input.targetEntityId,
          type_id: input.typeId,
          weight: input.weight,
          confidence: input.confidence,
          properties: JSON.stringify(input.properties),
          evidence_chunk_id: input.evidenceChunkId ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "relationship.created",
        target: { type: "relationship", id: created.id },
        metadata: { sourceEntityId: input.sourceEntityId, targetEntityId: input.targetEntityId, typeId: input.typeId },
      });
      return requireFound(await loadRelationship(trx, created.id), RELATIONSHIP_NOT_FOUND);
    });
  } catch (error) {
    if (violates(error, "23505", ONE_PER_TYPE_AND_DIRECTION)) throw relationshipExists();
    throw error;
  }
}
