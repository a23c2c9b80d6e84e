import { randomUUID } from "node:crypto";
import type { Database } from "@cauldron/db";
import type { AuthenticatorAssuranceLevel } from "@cauldron/rpc";
import { sql, type Transaction } from "kysely";
import { hashOpaqueToken } from "../tokens/opaque-token";
import { deriveSuccessorToken } from "../tokens/refresh-successor";
import { lockSessionFamilies, type ClientInfo } from "./session-store";

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
  | { kind: "lifetime_reached" }
  | { kind: "invalid" };

export interface RotationInput {
  refreshToken: string;
  client: ClientInfo;
  ttlSeconds: number;
  graceSeconds: number;
  absoluteLifetimeSeconds: number;
  /** The key successors are derived with (see deriveSuccessorToken). */
  successorKey: Buffer;
}

interface PresentedToken {
  id: string;
  user_id: string;
  family_id: string;
  aal: string;
  replaced_by: string | null;
  last_used_at: Date | null;
  expires_at: Date;
  disabled_at: Date | null;
  email: string;
  session_revoked: boolean;
  session_started_at: Date;
}

// A chain of successors longer than this within one grace window is not two tabs racing.
const MAX_SUCCESSOR_HOPS = 8;

/**
 * Exchanges a refresh token for its successor, under the session's lock. A session with any
 * revoked token never rotates again, and none outlives its absolute lifetime. A token already
 * exchanged is accepted again only within the grace window, and then yields the same successor
 * (two tabs refreshing at once share one session); later it is taken as stolen, and the caller
 * revokes the whole session.
 */
export async function rotateRefreshToken(trx: Transaction<Database>, input: RotationInput): Promise<RefreshOutcome> {
  const hash = hashOpaqueToken(input.refreshToken);
  const located = await trx
    .selectFrom("user_sessions")
    .select("family_id")
    .where("refresh_token_hash", "=", hash)
    .executeTakeFirst();
  if (!located) return { kind: "invalid" };
  await lockSessionFamilies(trx, [located.family_id]);
  const presented = await readPresentedToken(trx, hash);
  const now = Date.now();
  if (!presented || presented.session_revoked || presented.disabled_at !== null) return { kind: "invalid" };
  if (presented.session_started_at.getTime() + input.absoluteLifetimeSeconds * 1000 <= now)
    return { kind: "lifetime_reached" };
  if (presented.expires_at.getTime() <= now) return { kind: "invalid" };

  const rotated = (refreshToken: string): RefreshOutcome => ({
    kind: "rotated",
    userId: presented.user_id,
    email: presented.email,
    sessionId: presented.family_id,
    aal: presented.aal === "aal2" ? "aal2" : "aal1",
    refreshToken,
  });
  if (presented.replaced_by !== null) {
    const spentAt = presented.last_used_at?.getTime() ?? 0;
    if (now - spentAt > input.graceSeconds * 1000) {
      return { kind: "reused", userId: presented.user_id, sessionId: presented.family_id };
    }
    const current = await currentSuccessor(trx, input.successorKey, input.refreshToken, presented.replaced_by);
    return current === null ? { kind: "invalid" } : rotated(current);
  }

  const successorId = randomUUID();
  const successor = deriveSuccessorToken(input.successorKey, input.refreshToken, successorId);
  const sessionEndsAt = presented.session_started_at.getTime() + input.absoluteLifetimeSeconds * 1000;
  await trx
    .insertInto("user_sessions")
    .values({
      id: successorId,
      user_id: presented.user_id,
      family_id: presented.family_id,
      refresh_token_hash: successor.hash,
      aal: presented.aal,
      ip: input.client.ip,
      user_agent: input.client.userAgent?.slice(0, 512) ?? null,
      expires_at: new Date(Math.min(now + input.ttlSeconds * 1000, sessionEndsAt)),
    })
    .execute();
  await trx
    .updateTable("user_sessions")
    .set({ replaced_by: successorId, last_used_at: new Date(now) })
    .where("id", "=", presented.id)
    .execute();
  return rotated(successor.token);
}

async function readPresentedToken(trx: Transaction<Database>, hash: string): Promise<PresentedToken | undefined> {
  const { rows } = await sql<PresentedToken>`
    select s.id, s.user_id, s.family_id, s.aal, s.replaced_by, s.last_used_at, s.expires_at,
      u.disabled_at, u.email, family.revoked as session_revoked, family.started_at as session_started_at
    from public.user_sessions s
    join public.users u on u.id = s.user_id
    cross join lateral (
      select bool_or(f.revoked_at is not null) as revoked, min(f.created_at) as started_at
      from public.user_sessions f where f.family_id = s.family_id
    ) family
    where s.refresh_token_hash = ${hash}
  `.execute(trx);
  return rows[0];
}

/**
 * Re-derives the successors from the presented token down to the one not yet exchanged, checking
 * each against its stored hash; null when the chain does not lead to a live token.
 */
async function currentSuccessor(
  trx: Transaction<Database>,
  key: Buffer,
  presentedToken: string,
  successorId: string,
): Promise<string | null> {
  let token = presentedToken;
  let nextId: string | null = successorId;
  for (let hop = 0; hop < MAX_SUCCESSOR_HOPS && nextId !== null; hop += 1) {
    const derived = deriveSuccessorToken(key, token, nextId);
    const row = await trx
      .selectFrom("user_sessions")
      .select(["refresh_token_hash", "replaced_by"])
      .where("id", "=", nextId)
      .executeTakeFirst();
    if (!row || row.refresh_token_hash !== derived.hash) return null;
    if (row.replaced_by === null) return derived.token;
    token = derived.token;
    nextId = row.replaced_by;
  }
  return null;
}
