import { withSystem, type Database } from "@cauldron/db";
import type { Redis } from "ioredis";
import { sql, type Kysely } from "kysely";
import type { Logger } from "pino";
import type { AccessTokenVerifier } from "./access-token";
import { createMarkerReader } from "./revocation-markers";

/** The longest an access token may live; revocation markers outlast it. */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 3600;

// A token may be signed a moment after the revocation that covers it committed (its refresh was
// already under way), and services' clocks drift; the margin covers both.
const REVOCATION_MARGIN_SECONDS = 300;

/**
 * How long a revocation stays visible, in Redis markers and in the database: longer than any
 * access token it covers can live. Sessions' rows are kept at least this long after they end.
 */
export const REVOCATION_RETENTION_SECONDS = MAX_ACCESS_TOKEN_TTL_SECONDS + REVOCATION_MARGIN_SECONDS;

/** The Redis key prefix every service shares unless told otherwise (events use the same). */
export const DEFAULT_REDIS_KEY_PREFIX = "cauldron:";

// While this key exists, Redis holds a marker for every revoked session and disabled user; when
// Redis restarts empty it is missing, so services ask the database until it is rebuilt. Its
// short life also bounds how long a lost marker write can go unnoticed.
const COMPLETE_TTL_SECONDS = 300;
// Outlives the completeness key, so every rebuild refreshes a disabled user's marker before it lapses.
const USER_MARKER_TTL_SECONDS = 2 * COMPLETE_TTL_SECONDS;

interface RevocationKeys {
  complete: string;
  epoch: string;
  session(id: string): string;
  user(id: string): string;
}

/**
 * Tells whether an access token's session was revoked or its user disabled since it was issued.
 * The auth service writes markers on revoke/disable; every service reads them on each request.
 */
export interface RevocationList {
  /** True when the session is revoked or the user disabled: from Redis, or the database when Redis cannot answer. */
  isRevoked(userId: string, sessionId: string): Promise<boolean>;
  /** Marks sessions revoked; call after the revoking transaction has committed. */
  markSessionsRevoked(sessionIds: readonly string[]): Promise<void>;
  /** Marks a user disabled; call after the transaction has committed. */
  markUserDisabled(userId: string): Promise<void>;
  /** Clears a user's disabled marker. */
  markUserEnabled(userId: string): Promise<void>;
}

export interface RevocationListOptions {
  db: Kysely<Database>;
  redis: Redis;
  keyPrefix?: string;
  logger?: Logger;
}

/** Revocation markers in Redis, with the database as the fallback and the source to rebuild them from. */
export function createRevocationList(options: RevocationListOptions): RevocationList {
  const { db, redis, logger } = options;
  const prefix = `${options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX}auth:revoked:`;
  const keys: RevocationKeys = {
    complete: `${prefix}complete`,
    epoch: `${prefix}epoch`,
    session: (id: string) => `${prefix}session:${id}`,
    user: (id: string) => `${prefix}user:${id}`,
  };
  let rebuilding: Promise<void> | null = null;

  const rebuild = () => {
    rebuilding ??= rebuildMarkers(db, redis, keys)
      .catch((error: unknown) => logger?.warn({ err: error }, "could not rebuild revocation markers"))
      .finally(() => {
        rebuilding = null;
      });
    return rebuilding;
  };

  const readMarkers = createMarkerReader({
    redis,
    completeKey: keys.complete,
    onIncomplete: () => void rebuild(),
    logger,
  });

  const forgetCompleteness = async (error: unknown) => {
    logger?.warn({ err: error }, "could not write a revocation marker; services fall back to the database");
    await redis.del(keys.complete).catch(() => undefined);
  };

  return {
    async isRevoked(userId, sessionId) {
      if (redis.status === "ready") {
        const answer = await readMarkers(keys.session(sessionId), keys.user(userId));
        if (answer !== "unknown") return answer === "revoked";
      }
      return revokedInDatabase(db, userId, sessionId);
    },
    async markSessionsRevoked(sessionIds) {
      if (sessionIds.length === 0) return;
      const batch = redis.multi();
      for (const id of sessionIds) batch.set(keys.session(id), "1", "EX", REVOCATION_RETENTION_SECONDS);
      await batch.exec().catch(forgetCompleteness);
    },
    async markUserDisabled(userId) {
      await redis.set(keys.user(userId), "1", "EX", USER_MARKER_TTL_SECONDS).catch(forgetCompleteness);
    },
    async markUserEnabled(userId) {
      await redis.multi().del(keys.user(userId)).incr(keys.epoch).exec().catch(forgetCompleteness);
    },
  };
}

/**
 * Wraps an access-token verifier so a token of a revoked session or disabled user is refused. Its
 * `unconfirmed` form answers with the principal as soon as the token checks out, the revocation
 * check still running, for callers that overlap it with other work and wait for it before acting.
 */
export function withRevocationCheck(verify: AccessTokenVerifier, revocations: RevocationList): AccessTokenVerifier {
  const unconfirmed = async (token: string) => {
    const principal = await verify(token);
    const confirmed = revocations.isRevoked(principal.userId, principal.sessionId).then((revoked) => {
      if (revoked) throw new Error("the session was revoked or its user disabled");
    });
    return { principal, confirmed };
  };
  const confirmedVerifier = async (token: string) => {
    const { principal, confirmed } = await unconfirmed(token);
    await confirmed;
    return principal;
  };
  return Object.assign(confirmedVerifier, { unconfirmed });
}

async function revokedInDatabase(db: Kysely<Database>, userId: string, sessionId: string): Promise<boolean> {
  const { rows } = await sql<{
    revoked: boolean;
  }>`select app.session_revoked(${userId}, ${sessionId}) as revoked`.execute(db);
  return rows[0]?.revoked ?? false;
}

// Writes the rebuilt markers only if no user was enabled since the rebuild began (the epoch is
// unchanged), so a rebuild that read the database just before an enable cannot re-disable them.
const WRITE_MARKERS_SCRIPT = `
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
local sessions = tonumber(ARGV[2])
for i = 3, 2 + sessions do redis.call('SET', KEYS[i], '1', 'EX', ARGV[3]) end
for i = 3 + sessions, #KEYS do redis.call('SET', KEYS[i], '1', 'EX', ARGV[4]) end
redis.call('SET', KEYS[2], '1', 'EX', ARGV[5])
return 1
`;

async function rebuildMarkers(db: Kysely<Database>, redis: Redis, keys: RevocationKeys): Promise<void> {
  const epoch = (await redis.get(keys.epoch)) ?? "";
  const { sessions, users } = await withSystem(db, async (trx) => {
    const revoked = await sql<{ family_id: string }>`
      select distinct family_id from public.user_sessions
      where revoked_at > now() - make_interval(secs => ${REVOCATION_RETENTION_SECONDS})
    `.execute(trx);
    const disabled = await sql<{ id: string }>`select id from public.users where disabled_at is not null`.execute(trx);
    return { sessions: revoked.rows.map((row) => row.family_id), users: disabled.rows.map((row) => row.id) };
  });
  const markerKeys = [...sessions.map(keys.session), ...users.map(keys.user)];
  await redis.eval(
    WRITE_MARKERS_SCRIPT,
    2 + markerKeys.length,
    keys.epoch,
    keys.complete,
    ...markerKeys,
    epoch,
    sessions.length,
    REVOCATION_RETENTION_SECONDS,
    USER_MARKER_TTL_SECONDS,
    COMPLETE_TTL_SECONDS,
  );
}
