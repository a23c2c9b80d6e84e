import {
  ORGANIZATION_CHANGE_TYPES,
  organizationChangeSchema,
  resumableSubscriptionInputSchema,
  type OrganizationChange,
} from "@cauldron/contracts";
import type { AnyDomainEvent, RealtimeHub } from "@cauldron/events";
import { organizationSubscription, permittedProcedure, trackedStream } from "@cauldron/rpc";

const CHANGE_TYPES = new Set<string>(ORGANIZATION_CHANGE_TYPES);

/** The change an event of the organization's members or teams becomes, for a caller who may see it; else null. */
function organizationChangeOf(
  event: AnyDomainEvent,
  can: (permission: `${string}:${string}`) => boolean,
): OrganizationChange | null {
  if (!CHANGE_TYPES.has(event.type)) return null;
  if (event.type.startsWith("team.") && !can("teams:read")) return null;
  // The type is one of ORGANIZATION_CHANGE_TYPES, whose payloads the catalog already validated.
  const { type, id: eventId, occurredAt, payload } = event;
  return { type, eventId, occurredAt, payload } as OrganizationChange;
}

/**
 * org.onChange: the members and teams of the active organization as they change, over SSE.
 * Resumes after `lastEventId` (the tRPC client sends it on every reconnect), with a `reset` when
 * the missed changes are older than the event stream keeps.
 */
export function createOnChangeProcedure(hub: RealtimeHub) {
  return permittedProcedure("members:read")
    .input(resumableSubscriptionInputSchema)
    .output(trackedStream(organizationChangeSchema))
    .subscription(({ ctx, input, signal }) =>
      organizationSubscription({
        hub,
        organizationId: ctx.organizationId,
        principal: ctx.principal,
        lastEventId: input.lastEventId,
        signal,
        select: (event) => organizationChangeOf(event, ctx.can),
      }),
    );
}
