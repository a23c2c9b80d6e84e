import { z } from "zod";
import { eventId } from "../common/event-fields";
import { resetMarkerSchema, subscribedMarkerSchema } from "../common/realtime";
import { orgEvents } from "./events";

/** The events `org.onChange` streams: the members and teams of one organization. */
export const ORGANIZATION_CHANGE_TYPES = [
  "member.added",
  "member.removed",
  "member.role_changed",
  "team.created",
  "team.updated",
  "team.deleted",
  "team.member.added",
  "team.member.removed",
] as const satisfies readonly (keyof typeof orgEvents)[];

export type OrganizationChangeType = (typeof ORGANIZATION_CHANGE_TYPES)[number];

function changeSchema<T extends OrganizationChangeType>(type: T) {
  return z.object({
    type: z.literal(type),
    /** The domain event's id: the same change never arrives under two ids. */
    eventId,
    occurredAt: z.iso.datetime({ offset: true }),
    payload: orgEvents[type],
  });
}

/** One message of `org.onChange`: a change of a member or team, or a subscription marker. */
export const organizationChangeSchema = z.discriminatedUnion("type", [
  subscribedMarkerSchema,
  resetMarkerSchema,
  changeSchema("member.added"),
  changeSchema("member.removed"),
  changeSchema("member.role_changed"),
  changeSchema("team.created"),
  changeSchema("team.updated"),
  changeSchema("team.deleted"),
  changeSchema("team.member.added"),
  changeSchema("team.member.removed"),
]);

export type OrganizationChange = z.infer<typeof organizationChangeSchema>;
