import type { Database } from "@cauldron/db";
import { REVOCATION_RETENTION_SECONDS } from "@cauldron/rpc";
import { sql, type Transaction } from "kysely";
import { SESSION_LOCK_PREFIX } from "./session-store";

export interface SessionCleanupOptions {
  /** SESSION_ABSOLUTE_LIFETIME_SECONDS: a session this old has ended however recently it was refreshed. */
  absoluteLifetimeSeconds: number;
  /** Only this user's sessions; every user's when absent. */
  userId?: string;
  /** The most sessions one call deletes, so each call stays a short transaction; call again while it returns this many. */
  limit?: number;
}

const DEFAULT_LIMIT = 1000;

/**
 * Deletes every row of each session that has ended (revoked, expired, or past its absolute
 * lifetime) longer ago than any access token of it can still be alive, so the database keeps
 * answering revocation checks for as long as they matter. Takes each session's lock without
 * waiting and skips one in use. Run it as the system role; returns how many sessions it deleted.
 */
export async function deleteEndedSessions(trx: Transaction<Database>, options: SessionCleanupOptions): Promise<number> {
  const { rows } = await sql<{ family_id: string }>`
    with ended as (
      select family_id
      from public.user_sessions
      where ${options.userId ?? null}::uuid is null or user_id = ${options.userId ?? null}::uuid
      group by family_id
      having coalesce(
        max(revoked_at),
        least(max(expires_at), min(created_at) + make_interval(secs => ${options.absoluteLifetimeSeconds}))
      ) < now() - make_interval(secs => ${REVOCATION_RETENTION_SECONDS})
      limit ${options.limit ?? DEFAULT_LIMIT}
    ),
    claimed as (
      select family_id from ended
      where pg_try_advisory_xact_lock(hashtextextended(${SESSION_LOCK_PREFIX}::text || family_id::text, 0))
    )
    delete from public.user_sessions
    where family_id in (select family_id from claimed)
    returning family_id
  `.execute(trx);
  return new Set(rows.map((row) => row.family_id)).size;
}
