import type { EventMetadata } from "@cauldron/events";
import { principalUserId } from "../auth/principal";
import type { RequestContext } from "../context";

type Caller = Pick<RequestContext, "principal" | "requestId">;

/** The user behind a request, or null for anonymous callers and services acting on their own. */
export function requestActorUserId(caller: Caller): string | null {
  return caller.principal ? principalUserId(caller.principal) : null;
}

/** Event metadata linking an event to the request and person that caused it. */
export function requestEventMetadata(caller: Caller): EventMetadata {
  const userId = requestActorUserId(caller);
  return { requestId: caller.requestId, ...(userId ? { actorUserId: userId } : {}) };
}
