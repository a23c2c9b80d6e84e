import type { Database } from "@cauldron/db";
import { publishEvent, type EventAggregate, type EventName, type EventPayload } from "@cauldron/events";
import {
  recordAudit,
  requestEventMetadata,
  type AuditEntry,
  type Principal,
  type RequestContext,
} from "@cauldron/rpc";
import type { Transaction } from "kysely";

/** The parts of a request a security record names: who, from where, which request. */
export type SecurityRequest = Pick<RequestContext, "principal" | "requestId" | "ip" | "userAgent">;

/** A domain event to publish beside an audit row. */
export interface SecurityEvent<N extends EventName> {
  name: N;
  payload: EventPayload<N>;
  aggregate?: EventAggregate;
}

/**
 * Writes the audit row and publishes the domain event of one security event, both in the caller's
 * transaction, so they exist exactly when the change does.
 */
export async function recordSecurityEvent<N extends EventName>(
  trx: Transaction<Database>,
  request: SecurityRequest,
  audit: AuditEntry,
  event?: SecurityEvent<N>,
): Promise<void> {
  await recordAudit(trx, request, audit);
  if (!event) return;
  await publishEvent(trx, event.name, event.payload, {
    ...(event.aggregate ? { aggregate: event.aggregate } : {}),
    metadata: requestEventMetadata(request),
  });
}

/** The request as seen once a user is known (sign-in, sign-up): records name them as the actor. */
export function actingAs(request: SecurityRequest, userId: string, sessionId: string | null): SecurityRequest {
  const principal: Principal = { kind: "user", userId, sessionId: sessionId ?? userId, aal: "aal1" };
  return { ...request, principal };
}

/** The aggregate of events about a user. */
export function userAggregate(userId: string): EventAggregate {
  return { type: "user", id: userId };
}
