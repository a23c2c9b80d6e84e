import { withTenant, type ApiTokens, type Database } from "@cauldron/db";
import { publishEvent } from "@cauldron/events";
import { recordChange, requestEventMetadata } from "@cauldron/rpc";
import type { Kysely, Selectable, Transaction } from "kysely";
import { userAggregate, type SecurityRequest } from "../security/security-events";

/**
 * Revokes one active token of the user and records it, in the token's organization when it is
 * bound to one (its audit log and events name it). Undefined when the user has no such token.
 */
export async function revokeApiToken(
  db: Kysely<Database>,
  request: SecurityRequest,
  userId: string,
  tokenId: string,
): Promise<Selectable<ApiTokens> | undefined> {
  const token = await withTenant(db, { userId, organizationId: null }, (trx) =>
    trx
      .selectFrom("api_tokens")
      .select("organization_id")
      .where("id", "=", tokenId)
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .executeTakeFirst(),
  );
  if (!token) return undefined;
  const organizationId = token.organization_id;
  return withTenant(db, { userId, organizationId }, async (trx) => {
    const row = await trx
      .updateTable("api_tokens")
      .set({ revoked_at: new Date() })
      .where("id", "=", tokenId)
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    await recordChange(trx, request, {
      action: "api_token.revoked",
      organizationId,
      target: { type: "api_token", id: row.id },
      events: [
        {
          name: "api_token.revoked",
          payload: { userId, apiTokenId: row.id, organizationId, revokedByUserId: userId },
          aggregate: userAggregate(userId),
        },
      ],
    });
    return row;
  });
}

/**
 * Revokes every active API token of a user in the caller's system transaction (a password reset:
 * whoever held the old password may have made some). Each revocation is published; returns how many.
 */
export async function revokeAllApiTokens(
  trx: Transaction<Database>,
  request: SecurityRequest,
  userId: string,
): Promise<number> {
  const revoked = await trx
    .updateTable("api_tokens")
    .set({ revoked_at: new Date() })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .returning(["id", "organization_id"])
    .execute();
  for (const token of revoked) {
    await publishEvent(
      trx,
      "api_token.revoked",
      { userId, apiTokenId: token.id, organizationId: token.organization_id, revokedByUserId: userId },
      { aggregate: userAggregate(userId), metadata: requestEventMetadata(request) },
    );
  }
  return revoked.length;
}
