import {
  apiTokenSchema,
  createApiTokenInputSchema,
  createdApiTokenSchema,
  revokeApiTokenInputSchema,
  type ApiTokenView,
} from "@cauldron/contracts";
import { generateApiToken, router } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { Selectable } from "kysely";
import type { ApiTokens } from "@cauldron/db";
import { z } from "zod";
import { recordSecurityEvent, userAggregate } from "../security/security-events";
import { sessionProcedure, steppedUpProcedure } from "../security/procedures";

function toView(row: Selectable<ApiTokens>): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}

/**
 * API tokens act for their owner in every service, limited to their scopes (and to the owner's own
 * permissions). The secret is shown once; only its hash is stored.
 */
export function createApiTokensRouter() {
  return router({
    create: steppedUpProcedure
      .input(createApiTokenInputSchema)
      .output(createdApiTokenSchema)
      .mutation(({ ctx, input }) =>
        ctx.tenant(async (trx) => {
          const issued = generateApiToken();
          const row = await trx
            .insertInto("api_tokens")
            .values({
              user_id: ctx.user.userId,
              name: input.name,
              prefix: issued.prefix,
              secret_hash: issued.secretHash,
              scopes: [...new Set(input.scopes)],
              expires_at: input.expiresAt ?? null,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordSecurityEvent(
            trx,
            ctx,
            {
              action: "api_token.created",
              organizationId: null,
              target: { type: "api_token", id: row.id },
              metadata: { name: row.name, scopes: row.scopes, expiresAt: row.expires_at },
            },
            {
              name: "api_token.created",
              payload: { userId: ctx.user.userId, apiTokenId: row.id, organizationId: null, scopes: row.scopes },
              aggregate: userAggregate(ctx.user.userId),
            },
          );
          return { ...toView(row), token: issued.token };
        }),
      ),

    list: sessionProcedure.output(z.array(apiTokenSchema)).query(async ({ ctx }) => {
      const rows = await ctx.tenant((trx) =>
        trx
          .selectFrom("api_tokens")
          .selectAll()
          .where("user_id", "=", ctx.user.userId)
          .orderBy("created_at", "desc")
          .orderBy("id")
          .execute(),
      );
      return rows.map(toView);
    }),

    revoke: sessionProcedure
      .input(revokeApiTokenInputSchema)
      .output(apiTokenSchema)
      .mutation(({ ctx, input }) =>
        ctx.tenant(async (trx) => {
          const row = await trx
            .updateTable("api_tokens")
            .set({ revoked_at: new Date() })
            .where("id", "=", input.tokenId)
            .where("user_id", "=", ctx.user.userId)
            .where("revoked_at", "is", null)
            .returningAll()
            .executeTakeFirst();
          if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No active API token of yours has this id" });
          await recordSecurityEvent(
            trx,
            ctx,
            { action: "api_token.revoked", organizationId: null, target: { type: "api_token", id: row.id } },
            {
              name: "api_token.revoked",
              payload: { userId: ctx.user.userId, apiTokenId: row.id, organizationId: null, revokedByUserId: ctx.user.userId },
              aggregate: userAggregate(ctx.user.userId),
            },
          );
          return toView(row);
        }),
      ),
  });
}
