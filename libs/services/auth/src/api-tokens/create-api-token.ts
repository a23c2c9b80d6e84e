import type { CreateApiTokenInput } from "@cauldron/contracts";
import { withTenant, type ApiTokens, type Database } from "@cauldron/db";
import {
  type AuthenticatorAssuranceLevel,
  forbidden,
  generateApiToken,
  needsSecondFactor,
  recordChange,
} from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { Kysely, Selectable } from "kysely";
import type { AuthRuntime } from "../auth-runtime";
import { organizationGrants, readAccess, systemRequiresMfa } from "../rbac/access-queries";
import { userAggregate, type SecurityRequest } from "../security/security-events";

const DAY_MS = 24 * 3600 * 1000;

/** The session creating a token: the token acts with its assurance. */
interface TokenCreator {
  userId: string;
  aal: AuthenticatorAssuranceLevel;
}

/**
 * Creates an API token after checking that the user may: a confirmed email address, an expiry
 * within API_TOKEN_MAX_LIFETIME_DAYS (an omitted one gets exactly that), membership of the
 * organization it is bound to, and a second factor verified in this session wherever one is needed
 * (enrolled, or required by the system or that organization). Only the secret's hash is stored.
 */
export async function createApiToken(
  request: SecurityRequest & { db: Kysely<Database> },
  runtime: AuthRuntime,
  creator: TokenCreator,
  input: CreateApiTokenInput,
): Promise<{ row: Selectable<ApiTokens>; token: string }> {
  const expiresAt = tokenExpiry(runtime, input.expiresAt);
  await assertMayCreate(request.db, creator, input.organizationId ?? null);
  const organizationId = input.organizationId ?? null;
  // A bound token is recorded in its organization's audit log and events, so the tenant names it.
  return withTenant(request.db, { userId: creator.userId, organizationId }, async (trx) => {
    const issued = generateApiToken();
    const row = await trx
      .insertInto("api_tokens")
      .values({
        user_id: creator.userId,
        organization_id: organizationId,
        name: input.name,
        prefix: issued.prefix,
        secret_hash: issued.secretHash,
        scopes: [...new Set(input.scopes)],
        aal: creator.aal,
        expires_at: expiresAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, request, {
      action: "api_token.created",
      organizationId,
      target: { type: "api_token", id: row.id },
      metadata: { name: row.name, scopes: row.scopes, expiresAt: row.expires_at, aal: row.aal },
      events: [
        {
          name: "api_token.created",
          payload: { userId: creator.userId, apiTokenId: row.id, organizationId, scopes: row.scopes },
          aggregate: userAggregate(creator.userId),
        },
      ],
    });
    return { row, token: issued.token };
  });
}

function tokenExpiry(runtime: AuthRuntime, requested: Date | undefined): Date {
  const maxDays = runtime.config.API_TOKEN_MAX_LIFETIME_DAYS;
  const latest = new Date(Date.now() + maxDays * DAY_MS);
  if (requested && requested.getTime() > latest.getTime()) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `An API token lives at most ${maxDays} days; choose an earlier expiresAt, or omit it to get the longest`,
    });
  }
  return requested ?? latest;
}

async function assertMayCreate(
  db: Kysely<Database>,
  creator: TokenCreator,
  organizationId: string | null,
): Promise<void> {
  const protection = await readAccess(db, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["email_verified_at", "mfa_enabled_at"])
      .where("id", "=", creator.userId)
      .executeTakeFirstOrThrow();
    if (user.email_verified_at === null) {
      throw forbidden(
        "email_unverified",
        "Confirm your email address before creating API tokens; auth.email.requestConfirmation sends a new link",
      );
    }
    if (organizationId === null) {
      return { mfaEnrolled: user.mfa_enabled_at !== null, mfaRequired: await systemRequiresMfa(trx) };
    }
    const access = await organizationGrants(trx, creator.userId, organizationId);
    if (!access.isMember) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Bind the token to an organization you are a member of" });
    }
    return access;
  });
  if (needsSecondFactor(protection) && creator.aal !== "aal2") {
    throw forbidden(
      "mfa_required",
      "API tokens here need a second factor: verify it with auth.mfa.verify (enrol one with auth.mfa.enroll first if you have none)",
    );
  }
}
