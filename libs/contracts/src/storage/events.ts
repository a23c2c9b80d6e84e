import { z } from "zod";
import {
  eventId as id,
  eventText as name,
  nullableEventId as nullableId,
  type EventSchemas,
} from "../common/event-fields";

const objectFields = {
  organizationId: id,
  objectId: id,
  bucket: name,
  path: z.string(),
  size: z.number().int().nonnegative(),
  mimeType: z.string().nullable(),
  checksum: z.string().nullable(),
  /** The bucket hands text objects to the knowledge base. */
  knowledgeSource: z.boolean(),
  actorUserId: nullableId,
};

/** Events the storage service publishes: objects created, replaced or moved, and deleted. */
export const storageEvents = {
  "object.created": z.object(objectFields),
  "object.updated": z.object({ ...objectFields, previousPath: z.string().nullable() }),
  "object.deleted": z.object({
    organizationId: id,
    objectId: id,
    bucket: name,
    path: z.string(),
    actorUserId: nullableId,
  }),
} as const satisfies EventSchemas;
