import {
  apiTokenPageSchema,
  apiTokenSchema,
  createApiTokenInputSchema,
  createdApiTokenSchema,
  listApiTokensInputSchema,
  revokeApiTokenInputSchema,
} from "@cauldron/contracts";
import { router } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import type { AuthRuntime } from "../auth-runtime";
import { sessionProcedure, steppedUpProcedure } from "../security/procedures";
import { toApiTokenView } from "./api-token-view";
import { createApiToken } from "./create-api-token";
import { listApiTokens } from "./list-api-tokens";
import { revokeApiToken } from "./revoke-api-tokens";

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
        return { ...toApiTokenView(created.row), token: created.token };
      }),
    list: sessionProcedure
      .input(listApiTokensInputSchema)
      .output(apiTokenPageSchema)
      .query(({ ctx, input }) => ctx.tenant((trx) => listApiTokens(trx, ctx.user.userId, input))),

    revoke: sessionProcedure
      .input(revokeApiTokenInputSchema)
      .output(apiTokenSchema)
      .mutation(async ({ ctx, input }) => {
        const row = await revokeApiToken(ctx.db, ctx, ctx.user.userId, input.tokenId);
        if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No active API token of yours has this id" });
        return toApiTokenView(row);
      }),
  });
}
