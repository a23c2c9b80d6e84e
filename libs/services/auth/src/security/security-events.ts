import type { EventAggregate } from "@cauldron/events";
import type { AuditRequest, Principal } from "@cauldron/rpc";

/** The parts of a request a security record names: who, from where, which request. */
export type SecurityRequest = AuditRequest;

/** The request as seen once a user is known (sign-in, sign-up): records name them as the actor. */
export function actingAs(request: SecurityRequest, userId: string, sessionId: string | null): SecurityRequest {
  const principal: Principal = { kind: "user", userId, sessionId: sessionId ?? userId, aal: "aal1" };
  return { ...request, principal };
}

/** The aggregate of events about a user. */
export function userAggregate(userId: string): EventAggregate {
  return { type: "user", id: userId };
}
