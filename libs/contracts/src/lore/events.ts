import { z } from "zod";
import {
  eventId as id,
  eventText as name,
  nullableEventId as nullableId,
  type EventSchemas,
} from "../common/event-fields";

/** Events the lore service publishes: documents and their versions. */
export const loreEvents = {
  "document.created": z.object({
    organizationId: id,
    documentId: id,
    title: z.string(),
    createdByUserId: nullableId,
    teamIds: z.array(id),
  }),
  "document.updated": z.object({
    organizationId: id,
    documentId: id,
    version: z.number().int().positive(),
    changedFields: z.array(name).min(1),
    updatedByUserId: nullableId,
  }),
  "document.deleted": z.object({
    organizationId: id,
    documentId: id,
    deletedByUserId: nullableId,
  }),
} as const satisfies EventSchemas;
