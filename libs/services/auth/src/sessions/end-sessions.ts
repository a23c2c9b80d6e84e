import type { Database } from "@cauldron/db";
import { recordChange } from "@cauldron/rpc";
import type { Transaction } from "kysely";
import { userAggregate, type SecurityRequest } from "../security/security-events";
import { revokeSessions, type RevocationReason, type SessionSelection } from "./session-store";

/**
 * Revokes sessions and records each (audit row and `session.revoked` event) in the transaction.
 * After it commits, pass the returned ids to the revocation list so access tokens stop at once.
 */
export async function endSessions(
  trx: Transaction<Database>,
  request: SecurityRequest,
  userId: string,
  selection: SessionSelection,
  reason: RevocationReason,
): Promise<string[]> {
  const ended = await revokeSessions(trx, userId, selection, reason);
  for (const sessionId of ended) {
    await recordChange(trx, request, {
      action: "session.revoked",
      organizationId: null,
      target: { type: "session", id: sessionId },
      metadata: { userId, reason },
      events: [{ name: "session.revoked", payload: { userId, sessionId, reason }, aggregate: userAggregate(userId) }],
    });
  }
  return ended;
}
