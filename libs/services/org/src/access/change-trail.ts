import { principalUserId, type RequestContext } from "@cauldron/rpc";
import type { EventMetadata } from "@cauldron/events";

type Caller = Pick<RequestContext, "principal" | "requestId">;

/** The user behind the request, or null for a service acting on its own. */
export function actorUserId(caller: Caller): string | null {
  return caller.principal ? principalUserId(caller.principal) : null;
}

/** Event metadata linking an event to the request and person that caused it. */
export function eventMetadata(caller: Caller): EventMetadata {
  const userId = actorUserId(caller);
  return { requestId: caller.requestId, ...(userId ? { actorUserId: userId } : {}) };
}
