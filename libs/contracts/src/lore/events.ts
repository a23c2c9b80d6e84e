import { z } from "zod";
import {
  eventId as id,
  eventText as name,
  nullableEventId as nullableId,
  type EventSchemas,
} from "../common/event-fields";

/** Most chunks one `chunks.changed` event carries; a larger version is sent in several parts. */
export const CHUNKS_PER_EVENT = 64;

/** Most embedding ids one `chunks.changed` event drops: a gone chunk names its own id and the one it was embedded as. */
export const DROPS_PER_EVENT = 2 * CHUNKS_PER_EVENT;

const version = z.number().int().positive();

/** A document's team access as of a moment: vector keeps the newest it has been told. */
const teamAccess = {
  /** The document's teams; empty means the whole organization may see it. */
  teamIds: z.array(id),
  /** When the document's teams were last set (ISO 8601); an older value never overwrites a newer one. */
  teamIdsAsOf: z.string().datetime({ offset: true }),
};

/** Events the lore service publishes: documents, their versions and the chunks to embed. */
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
    version,
    changedFields: z.array(name).min(1),
    updatedByUserId: nullableId,
    /** The document's teams, so a subscriber can tell who may be told. */
    teamIds: z.array(id),
  }),
  "document.deleted": z.object({
    organizationId: id,
    documentId: id,
    deletedByUserId: nullableId,
    teamIds: z.array(id),
  }),
  "document.teams_set": z.object({
    organizationId: id,
    documentId: id,
    ...teamAccess,
  }),
  /**
   * One part of a version's chunks for the vector service: `embed` holds chunks whose text is new
   * to the document (to embed), `keep` chunks whose text is unchanged since the previous version
   * (`fromChunkId`, the previous version's chunk, becomes `toChunkId`).
   *
   * With `drop` (sent since chunks keep their lineage): a kept chunk's embedding stays stored under
   * `embeddedAs`, the chunk it was first embedded for, and `drop` names the embeddings of previous
   * chunks whose text is gone. Without it (parts sent before): the embedding moves to `toChunkId`,
   * and once all `parts` are handled the document's chunk embeddings of older versions are gone.
   */
  "chunks.changed": z.object({
    organizationId: id,
    documentId: id,
    version,
    part: z.number().int().nonnegative(),
    parts: z.number().int().positive(),
    ...teamAccess,
    embed: z.array(z.object({ chunkId: id, content: z.string() })).max(CHUNKS_PER_EVENT),
    keep: z.array(z.object({ fromChunkId: id, toChunkId: id, embeddedAs: id.optional() })).max(CHUNKS_PER_EVENT),
    drop: z.array(id).max(DROPS_PER_EVENT).optional(),
  }),
} as const satisfies EventSchemas;
