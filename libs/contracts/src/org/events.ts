import { z } from "zod";
import {
  eventId as id,
  eventText as name,
  nullableEventId as nullableId,
  type EventSchemas,
} from "../common/event-fields";

/** Events the org service publishes: organizations, their members and teams. */
export const orgEvents = {
  "organization.created": z.object({
    organizationId: id,
    name,
    slug: name,
    createdByUserId: id,
  }),
  "organization.updated": z.object({
    organizationId: id,
    changedFields: z.array(name).min(1),
    updatedByUserId: nullableId,
  }),
  "member.added": z.object({
    organizationId: id,
    userId: id,
    role: name,
    addedByUserId: nullableId,
  }),
  "member.removed": z.object({
    organizationId: id,
    userId: id,
    removedByUserId: nullableId,
  }),
  "member.role_changed": z.object({
    organizationId: id,
    userId: id,
    previousRole: name,
    role: name,
    changedByUserId: nullableId,
  }),
  "team.created": z.object({
    organizationId: id,
    teamId: id,
    name,
    createdByUserId: nullableId,
  }),
  "team.updated": z.object({
    organizationId: id,
    teamId: id,
    changedFields: z.array(name).min(1),
    updatedByUserId: nullableId,
  }),
  "team.deleted": z.object({
    organizationId: id,
    teamId: id,
    deletedByUserId: nullableId,
  }),
  "team.member.added": z.object({
    organizationId: id,
    teamId: id,
    userId: id,
    role: name,
  }),
  "team.member.removed": z.object({
    organizationId: id,
    teamId: id,
    userId: id,
  }),
} as const satisfies EventSchemas;
