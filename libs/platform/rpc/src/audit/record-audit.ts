import { sendUnanswered, type Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import type { Principal } from "../auth/principal";
import type { RequestContext } from "../context";
import { requestActorUserId } from "./request-actor";

export interface AuditEntry {
  /** What happened, as `resource.verb`, e.g. `member.removed`, `session.revoked`. */
  action: string;
  organizationId: string | null;
  target?: { type: string; id: string };
  metadata?: Record<string, unknown>;
}

/** The parts of a request an audit row names: who, from where, which request. */
export type AuditRequest = Pick<RequestContext, "principal" | "requestId" | "ip" | "userAgent">;

function actorType(principal: Principal | null): "user" | "api_token" | "service" | "system" {
  return principal?.kind ?? "system";
}

/**
 * Writes one audit row in the caller's transaction, so the record exists exactly when the change
 * does. The app role may insert and read audit rows, never change or delete them.
 */
export async function recordAudit(trx: Transaction<Database>, request: AuditRequest, entry: AuditEntry): Promise<void> {
  // Nothing reads the row back, so it travels with the transaction's next statement.
  await sendUnanswered(
    trx,
    trx.insertInto("audit.audit_logs").values({
      organization_id: entry.organizationId,
      actor_user_id: requestActorUserId(request),
      actor_type: actorType(request.principal),
      action: entry.action,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      metadata: JSON.stringify(entry.metadata ?? {}),
      ip: request.ip,
      user_agent: request.userAgent,
      request_id: request.requestId,
    }),
  );
}
