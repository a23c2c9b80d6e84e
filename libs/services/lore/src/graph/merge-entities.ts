import type { mergedEntitiesSchema, mergeEntitiesInputSchema } from "@cauldron/contracts";
import { invalidFields, requireFound } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import { distinctAliases } from "./entity-aliases";
import { loadEntityDetail } from "./entity-queries";
import type { GraphWriter } from "./graph-caller";
import { ENTITY_NOT_FOUND } from "./graph-refusals";
import {
  mergeDocumentAssociations,
  moveMentions,
  repointRelationships,
  sourcesInHiddenDocuments,
} from "./merge-queries";

type MergedEntities = z.infer<typeof mergedEntitiesSchema>;

/**
 * Merges source entities into a target of the same type in one transaction: the target takes
 * their mentions, document associations (one per document, counts summed), relationships and
 * names (as aliases); the sources are deleted.
 */
export async function mergeEntities(
  caller: GraphWriter,
  input: z.infer<typeof mergeEntitiesInputSchema>,
): Promise<MergedEntities> {
  const targetId = input.targetEntityId.toLowerCase();
  const sourceIds = input.sourceEntityIds.map((id) => id.toLowerCase());
  return caller.tenant(async (trx) => {
    // Locked in id order, so two merges over the same entities wait for each other instead of deadlocking.
    const locked = await trx
      .selectFrom("lore.entities")
      .select(["id", "type_id", "name", "aliases"])
      .where("id", "in", [targetId, ...sourceIds])
      .orderBy("id")
      .forUpdate()
      .execute();
    const byId = new Map(locked.map((row) => [row.id, row]));
    const target = requireFound(byId.get(targetId), ENTITY_NOT_FOUND);
    const sources = sourceIds.map((id) => requireFound(byId.get(id), ENTITY_NOT_FOUND));
    const otherTypes = sources.flatMap((source, index) => (source.type_id === target.type_id ? [] : [index]));
    if (otherTypes.length > 0) {
      throw invalidFields(
        otherTypes.map((index) => ({
          path: ["sourceEntityIds", index],
          message: "is of another type than the target; only entities of one type merge",
        })),
      );
    }

    const movedMentions = await moveMentions(trx, sourceIds, targetId);
    await mergeDocumentAssociations(trx, caller.organizationId, sourceIds, targetId);
    if ((await sourcesInHiddenDocuments(trx, sourceIds)).length > 0) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message:
          "A source entity also appears in documents you cannot see; an organization owner or admin can merge it",
      });
    }
    const relationships = await repointRelationships(trx, sourceIds, targetId);
    await trx
      .updateTable("lore.entities")
      .set({
        aliases: distinctAliases(target.name, [
          ...target.aliases,
          ...sources.flatMap((source) => [source.name, ...source.aliases]),
        ]),
      })
      .where("id", "=", targetId)
      .execute();
    await trx.deleteFrom("lore.entities").where("id", "in", sourceIds).execute();

    await caller.record(trx, {
      action: "entity.merged",
      target: { type: "entity", id: targetId },
      metadata: {
        sourceEntityIds: sourceIds,
        sourceNames: sources.map((source) => source.name),
        movedMentions,
        movedRelationships: relationships.moved,
        droppedRelationships: relationships.dropped,
      },
    });
    return {
      entity: requireFound(await loadEntityDetail(trx, targetId), ENTITY_NOT_FOUND),
      mergedEntityIds: sourceIds,
      movedRelationships: relationships.moved,
      droppedRelationships: relationships.dropped,
    };
  });
}
