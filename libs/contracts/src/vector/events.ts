import { z } from "zod";
import {
  eventId as id,
  eventText as name,
  nullableEventId as nullableId,
  type EventSchemas,
} from "../common/event-fields";

/** Events the vector service publishes: models and the embeddings stored with them. */
export const vectorEvents = {
  "embedding_model.registered": z.object({
    organizationId: id,
    modelId: id,
    name,
    provider: name,
    dimensions: z.number().int().positive(),
    registeredByUserId: nullableId,
  }),
  "embedding_model.retired": z.object({
    organizationId: id,
    modelId: id,
    retiredByUserId: nullableId,
  }),
  "embedding.upserted": z.object({
    organizationId: id,
    modelId: id,
    collectionId: nullableId,
    embeddingIds: z.array(id),
    created: z.number().int().nonnegative(),
  }),
  /** The vector service's answer to one `chunks.changed` part: embedded, or failed with the reason. */
  "document_chunks.embedded": z.object({
    organizationId: id,
    documentId: id,
    version: z.number().int().positive(),
    part: z.number().int().nonnegative(),
    parts: z.number().int().positive(),
    outcome: z.enum(["indexed", "failed"]),
    error: z.string().nullable(),
    embedded: z.number().int().nonnegative(),
    reused: z.number().int().nonnegative(),
  }),
  "embedding.deleted": z.object({
    organizationId: id,
    embeddingIds: z.array(id),
  }),
} as const satisfies EventSchemas;
