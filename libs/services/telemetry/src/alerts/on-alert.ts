import {
  ALERT_EVENT_TYPES,
  alertChangeSchema,
  resumableSubscriptionInputSchema,
  type AlertChange,
} from "@cauldron/contracts";
import { createRealtimeHub, eventKeys, type AnyDomainEvent } from "@cauldron/events";
import { organizationSubscription, permittedProcedure, trackedStream, type ServiceDependencies } from "@cauldron/rpc";

const ALERT_TYPES = new Set<string>(ALERT_EVENT_TYPES);

/** The message an alert event becomes; null for every other event. */
function alertChangeOf(event: AnyDomainEvent): AlertChange | null {
  if (!ALERT_TYPES.has(event.type)) return null;
  // The type is one of ALERT_EVENT_TYPES, whose payloads the catalog already validated.
  const { type, id: eventId, occurredAt, payload } = event;
  return { type, eventId, occurredAt, payload } as AlertChange;
}

/**
 * telemetry.onAlert: the active organization's alerts as they are raised, acknowledged, assigned,
 * silenced and resolved, over SSE. Resumes after `lastEventId` (the client sends it on every
 * reconnect), with a `reset` when the missed changes are older than the event stream keeps.
 */
export function createOnAlertProcedure(dependencies: ServiceDependencies) {
  const hub = createRealtimeHub({
    redis: dependencies.redis,
    streamKey: eventKeys(dependencies.redisKeyPrefix).stream,
    logger: dependencies.logger,
  });
  return permittedProcedure("alerts:read")
    .input(resumableSubscriptionInputSchema)
    .output(trackedStream(alertChangeSchema))
    .subscription(({ ctx, input, signal }) =>
      organizationSubscription({
        hub,
        organizationId: ctx.organizationId,
        principal: ctx.principal,
        lastEventId: input.lastEventId,
        signal,
        select: alertChangeOf,
      }),
    );
}
