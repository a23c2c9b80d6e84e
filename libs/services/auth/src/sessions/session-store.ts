import { randomUUID } from "node:crypto";
import { sendUnanswered, type Database } from "@cauldron/db";
import type { AuthenticatorAssuranceLevel } from "@cauldron/rpc";
import { sql, type Transaction } from "kysely";
import { createOpaqueToken } from "../tokens/opaque-token";

/** Where a session was started or last refreshed from. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface StartedSession {
  sessionId: string;
  refreshToken: string;
}

/** Why sessions end; the values of the `session.revoked` event. */
export type RevocationReason = "sign_out" | "refresh_token_reuse" | "user_disabled" | "admin" | "password_changed";

/**
 * Starts a session: a refresh-token family (the session id, `sid` in access tokens) with its first
 * refresh token, stored only as a hash.
 */
export async function startSession(
  trx: Transaction<Database>,
  input: {
    userId: string;
    aal: AuthenticatorAssuranceLevel;
    client: ClientInfo;
    ttlSeconds: number;
    /** Chosen by the caller when it signs the session's access token while the session is written. */
    sessionId?: string;
  },
): Promise<StartedSession> {
  const sessionId = input.sessionId ?? randomUUID();
  const refresh = createOpaqueToken();
  await sendUnanswered(
    trx,
    trx.insertInto("user_sessions").values({
      user_id: input.userId,
      family_id: sessionId,
      refresh_token_hash: refresh.hash,
      aal: input.aal,
      ip: input.client.ip,
      user_agent: input.client.userAgent?.slice(0, 512) ?? null,
      expires_at: new Date(Date.now() + input.ttlSeconds * 1000),
    }),
  );
  return { sessionId, refreshToken: refresh.token };
}

/** A session's advisory lock is named by this prefix and the session id. */
export const SESSION_LOCK_PREFIX = "user_session:";

/**
 * Holds the sessions' locks until commit. Everything that changes a session's rows (rotation,
 * revocation, raising assurance, deletion) takes it first, so a refresh and a revocation of one
 * session never interleave. Sessions are locked in id order, so two revocations never deadlock.
 */
export async function lockSessionFamilies(trx: Transaction<Database>, sessionIds: readonly string[]): Promise<void> {
  for (const sessionId of [...new Set(sessionIds)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${SESSION_LOCK_PREFIX + sessionId}, 0))`.execute(trx);
  }
}

/** Which of a user's sessions to revoke. */
export type SessionSelection = { sessionId: string } | { allExcept: string | null };

/** Revokes sessions (every refresh token of each family); returns the ids of the sessions it ended. */
export async function revokeSessions(
  trx: Transaction<Database>,
  userId: string,
  selection: SessionSelection,
  reason: RevocationReason,
): Promise<string[]> {
  let live = trx
    .selectFrom("user_sessions")
    .select("family_id")
    .distinct()
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
  if ("sessionId" in selection) {
    live = live.where("family_id", "=", selection.sessionId);
  } else if (selection.allExcept !== null) {
    live = live.where("family_id", "<>", selection.allExcept);
  }
  const sessionIds = (await live.execute()).map((row) => row.family_id);
  if (sessionIds.length === 0) return [];
  await lockSessionFamilies(trx, sessionIds);
  // Read again under the locks: a rotation that committed meanwhile added a row this must cover.
  const rows = await trx
    .updateTable("user_sessions")
    .set({ revoked_at: sql`now()`, revoked_reason: reason })
    .where("user_id", "=", userId)
    .where("family_id", "in", sessionIds)
    .where("revoked_at", "is", null)
    .returning("family_id")
    .execute();
  return [...new Set(rows.map((row) => row.family_id))];
}

/** Raises every live token of a session to aal2 after a second factor was verified. */
export async function raiseSessionAssurance(
  trx: Transaction<Database>,
  userId: string,
  sessionId: string,
): Promise<boolean> {
  await lockSessionFamilies(trx, [sessionId]);
  const rows = await trx
    .updateTable("user_sessions")
    .set({ aal: "aal2" })
    .where("user_id", "=", userId)
    .where("family_id", "=", sessionId)
    .where("revoked_at", "is", null)
    .returning("id")
    .execute();
  return rows.length > 0;
}
