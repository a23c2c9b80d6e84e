import { withSystem, type Database } from "@cauldron/db";
import { sql, type Kysely } from "kysely";
import type { Logger } from "pino";
import { apiTokenSecretMatches, parseApiToken } from "./api-token-format";
import type { ApiTokenVerifier } from "./authenticate";
import type { AuthenticatorAssuranceLevel } from "./principal";

const MAX_REMEMBERED_TOKENS = 10_000;

interface ApiTokenRow {
  id: string;
  user_id: string;
  organization_id: string | null;
  scopes: string[];
  aal: AuthenticatorAssuranceLevel;
  secret_hash: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  user_disabled: boolean;
}

export interface ApiTokenVerifierOptions {
  db: Kysely<Database>;
  logger?: Logger;
  /** Last use is written at most this often per token (default one minute). */
  lastUsedIntervalMs?: number;
}

/**
 * Verifies `cst_…` API tokens against public.api_tokens on every request: a lookup by the public
 * prefix, a constant-time comparison of the secret's hash, then expiry, revocation and the
 * owner's disabled flag, so a revoked token or a disabled user stops working at once.
 */
export function createApiTokenVerifier(options: ApiTokenVerifierOptions): ApiTokenVerifier {
  const interval = options.lastUsedIntervalMs ?? 60_000;
  const lastRecorded = new Map<string, number>();

  const recordUse = async (tokenId: string, storedLastUse: Date | null) => {
    const now = Date.now();
    const previous = Math.max(lastRecorded.get(tokenId) ?? 0, storedLastUse?.getTime() ?? 0);
    if (now - previous < interval) return;
    if (lastRecorded.size >= MAX_REMEMBERED_TOKENS) lastRecorded.clear();
    lastRecorded.set(tokenId, now);
    // The condition keeps replicas from writing the same minute twice.
    await withSystem(options.db, (trx) =>
      trx
        .updateTable("api_tokens")
        .set({ last_used_at: new Date(now) })
        .where("id", "=", tokenId)
        .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", new Date(now - interval))]))
        .execute(),
    ).catch((error: unknown) => options.logger?.warn({ err: error, tokenId }, "could not record API token use"));
  };

  return async (token) => {
    const parsed = parseApiToken(token);
    if (!parsed) return null;
    // One round trip through a read-only SECURITY DEFINER function (no system transaction).
    const { rows } = await sql<ApiTokenRow>`select * from app.api_token_lookup(${parsed.prefix})`.execute(options.db);
    const row = rows[0];
    if (!row || !apiTokenSecretMatches(parsed.secret, row.secret_hash)) return null;
    if (row.revoked_at !== null || row.user_disabled) return null;
    if (row.expires_at !== null && row.expires_at.getTime() <= Date.now()) return null;
    await recordUse(row.id, row.last_used_at);
    return {
      kind: "api_token",
      userId: row.user_id,
      tokenId: row.id,
      scopes: row.scopes,
      organizationId: row.organization_id,
      aal: row.aal,
    };
  };
}
