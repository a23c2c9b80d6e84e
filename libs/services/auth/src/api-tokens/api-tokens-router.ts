import {
  apiTokenSchema,
  createApiTokenInputSchema,
  createdApiTokenSchema,
  revokeApiTokenInputSchema,
  type ApiTokenView,
} from "@cauldron/contracts";
import { router } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { Selectable } from "kysely";
import type { ApiTokens } from "@cauldron/db";
import { z } from "zod";
import type { AuthRuntime } from "../auth-runtime";
import { sessionProcedure, steppedUpProcedure } from "../security/procedures";
import { createApiToken } from "./create-api-token";
import { revokeApiToken } from "./revoke-api-tokens";

function toView(row: Selectable<ApiTokens>): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    organizationId: row.organization_id,
    aal: row.aal === "aal2" ? "aal2" : "aal1",
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}

/**
 * API tokens act for their owner in every service, limited to their scopes (and to the owner's own
 * permissions), to one organization when bound to it, and for at most API_TOKEN_MAX_LIFETIME_DAYS.
 * The secret is shown once; only its hash is stored.
 */
export function createApiTokensRouter(runtime: AuthRuntime) {
  return router({
    create: steppedUpProcedure
      .input(createApiTokenInputSchema)
      .output(createdApiTokenSchema)
      .mutation(async ({ ctx, input }) => {
        const created = await createApiToken(ctx, runtime, ctx.user, input);
        return { ...toView(created.row), token: created.token };
      }),
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
      .mutation(async ({ ctx, input }) => {
        const row = await revokeApiToken(ctx.db, ctx, ctx.user.userId, input.tokenId);
        if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No active API token of yours has this id" });
        return toView(row);
      }),
  });
}
