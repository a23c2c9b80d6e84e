import { randomUUID } from "node:crypto";
import type { Database } from "@cauldron/db";
import type { AuthenticatorAssuranceLevel } from "@cauldron/rpc";
import { sql, type Transaction } from "kysely";
import { createOpaqueToken, hashOpaqueToken } from "../tokens/opaque-token";

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
  input: { userId: string; aal: AuthenticatorAssuranceLevel; client: ClientInfo; ttlSeconds: number },
): Promise<StartedSession> {
  const sessionId = randomUUID();
  const refresh = createOpaqueToken();
  await trx
    .insertInto("user_sessions")
    .values({
      user_id: input.userId,
      family_id: sessionId,
      refresh_token_hash: refresh.hash,
      aal: input.aal,
      ip: input.client.ip,
      user_agent: input.client.userAgent?.slice(0, 512) ?? null,
      expires_at: new Date(Date.now() + input.ttlSeconds * 1000),
    })
    .execute();
  return { sessionId, refreshToken: refresh.token };
}

export type RefreshOutcome =
  | {
      kind: "rotated";
      userId: string;
      email: string;
      sessionId: string;
      aal: AuthenticatorAssuranceLevel;
      refreshToken: string;
    }
  | { kind: "reused"; userId: string; sessionId: string }
  | { kind: "invalid" };

/**
 * Exchanges a refresh token for its successor. A token already exchanged is accepted again only
 * within the grace window (two tabs refreshing at once each get a successor); later it is taken as
 * stolen, and the whole session is revoked. Locks the token's row so concurrent uses queue.
 */
export async function rotateRefreshToken(
  trx: Transaction<Database>,
  input: { refreshToken: string; client: ClientInfo; ttlSeconds: number; graceSeconds: number },
): Promise<RefreshOutcome> {
  const presented = await trx
    .selectFrom("user_sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.id", "s.user_id", "s.family_id", "s.aal", "s.replaced_by", "s.last_used_at", "s.revoked_at", "s.expires_at"])
    .select(["u.disabled_at", "u.email"])
    .where("s.refresh_token_hash", "=", hashOpaqueToken(input.refreshToken))
    .forUpdate("s")
    .executeTakeFirst();
  const now = Date.now();
  if (!presented || presented.revoked_at !== null || presented.disabled_at !== null) return { kind: "invalid" };
  if (presented.expires_at.getTime() <= now) return { kind: "invalid" };
  if (presented.replaced_by !== null) {
    const spentAt = presented.last_used_at?.getTime() ?? 0;
    if (now - spentAt > input.graceSeconds * 1000) {
      return { kind: "reused", userId: presented.user_id, sessionId: presented.family_id };
    }
  }
  const successor = createOpaqueToken();
  const inserted = await trx
    .insertInto("user_sessions")
    .values({
      user_id: presented.user_id,
      family_id: presented.family_id,
      refresh_token_hash: successor.hash,
      aal: presented.aal,
      ip: input.client.ip,
      user_agent: input.client.userAgent?.slice(0, 512) ?? null,
      expires_at: new Date(now + input.ttlSeconds * 1000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (presented.replaced_by === null) {
    await trx
      .updateTable("user_sessions")
      .set({ replaced_by: inserted.id, last_used_at: new Date(now) })
      .where("id", "=", presented.id)
      .execute();
  }
  return {
    kind: "rotated",
    userId: presented.user_id,
    email: presented.email,
    sessionId: presented.family_id,
    aal: presented.aal === "aal2" ? "aal2" : "aal1",
    refreshToken: successor.token,
  };
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
  let query = trx
    .updateTable("user_sessions")
    .set({ revoked_at: sql`now()`, revoked_reason: reason })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
  if ("sessionId" in selection) {
    query = query.where("family_id", "=", selection.sessionId);
  } else if (selection.allExcept !== null) {
    query = query.where("family_id", "<>", selection.allExcept);
  }
  const rows = await query.returning("family_id").execute();
  return [...new Set(rows.map((row) => row.family_id))];
}

/** Raises every live token of a session to aal2 after a second factor was verified. */
export async function raiseSessionAssurance(trx: Transaction<Database>, userId: string, sessionId: string): Promise<boolean> {
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
