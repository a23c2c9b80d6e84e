import type { ResetMarker } from "@cauldron/contracts";
import type { AnyDomainEvent, RealtimeDelivery, RealtimeHub } from "@cauldron/events";
import { tracked, type TrackedEnvelope } from "@trpc/server";
import type { Principal } from "../auth/principal";
import { principalUserId } from "../auth/principal";
import { RefusalError } from "../errors/refusal";

/** What an organization subscription sends besides its own messages. */
export type SubscriptionMarker = { type: "subscribed" } | ResetMarker;

export interface OrganizationSubscriptionOptions<TMessage> {
  hub: RealtimeHub;
  /** The organization the procedure checked the caller into, and the caller. */
  organizationId: string;
  principal: Principal;
  /** The last event id the client holds (tRPC fills it from Last-Event-ID on a reconnect). */
  lastEventId?: string | null;
  /** The request's signal: the stream ends when the client goes away. */
  signal?: AbortSignal;
  /** The message an event of this organization becomes, or null for events this subscription does not send. */
  select(event: AnyDomainEvent): TMessage | null;
}

/**
 * Why an event ends the caller's access, or null. The procedure checked membership and
 * credentials when the stream opened; these are the ways they end while it stays open.
 */
function accessEndedBy(event: AnyDomainEvent, organizationId: string, principal: Principal): RefusalError | null {
  const userId = principalUserId(principal);
  const revoked = (code: "FORBIDDEN" | "UNAUTHORIZED", message: string) =>
    new RefusalError({ code, message, reason: "access_revoked" });
  switch (event.type) {
    case "member.removed":
      return event.organizationId === organizationId && event.payload.userId === userId
        ? revoked("FORBIDDEN", "You are no longer a member of this organization")
        : null;
    case "user.disabled":
      return event.payload.userId === userId ? revoked("UNAUTHORIZED", "This account was disabled") : null;
    case "session.revoked":
      return principal.kind === "user" && event.payload.sessionId === principal.sessionId
        ? revoked("UNAUTHORIZED", "This session was signed out; sign in again to subscribe")
        : null;
    case "api_token.revoked":
      return principal.kind === "api_token" && event.payload.apiTokenId === principal.tokenId
        ? revoked("UNAUTHORIZED", "This API token was revoked")
        : null;
    default:
      return null;
  }
}

/**
 * An organization's events as a resumable subscription: each message is sent as
 * `tracked(streamId, message)`, so a client that reconnects with the last id gets every later
 * message once (or a `reset` when they fell out of the stream's retention). Only events of this
 * organization are ever selected; the stream ends with a typed error when the caller's membership,
 * session, token or account ends while it is open.
 */
export async function* organizationSubscription<TMessage>(
  options: OrganizationSubscriptionOptions<TMessage>,
): AsyncGenerator<TrackedEnvelope<TMessage | SubscriptionMarker>, void, undefined> {
  const { hub, organizationId, principal, select } = options;
  const own = (event: AnyDomainEvent) => event.organizationId === organizationId;
  const deliveries: AsyncIterable<RealtimeDelivery> = hub.follow({
    after: options.lastEventId ?? null,
    accepts: (event) =>
      accessEndedBy(event, organizationId, principal) !== null || (own(event) && select(event) !== null),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  for await (const delivery of deliveries) {
    if (delivery.kind === "following") {
      yield tracked(delivery.streamId, { type: "subscribed" } as const);
      continue;
    }
    if (delivery.kind === "reset") {
      yield tracked(delivery.streamId, { type: "reset", reason: delivery.reason } as const);
      continue;
    }
    const message = own(delivery.event) ? select(delivery.event) : null;
    if (message !== null) yield tracked(delivery.streamId, message);
    const ended = accessEndedBy(delivery.event, organizationId, principal);
    if (ended) throw ended;
  }
}
