import { analyticsWindowInputSchema, latencyOutputSchema, topQueriesOutputSchema } from "@cauldron/contracts";
import { permittedProcedure, router } from "@cauldron/rpc";
import type { VectorRuntime } from "../vector-runtime";
import { frequentQueries, searchLatency } from "./analytics-queries";

/** vector.analytics.*: what the organization searches for, what finds nothing, and how fast searches answer. */
export function createAnalyticsRouter(_runtime: VectorRuntime) {
  return router({
    topQueries: permittedProcedure("embeddings:read")
      .input(analyticsWindowInputSchema)
      .output(topQueriesOutputSchema)
      .query(async ({ ctx, input }) => ({
        items: await ctx.tenant((trx) => frequentQueries(trx, ctx.organizationId, input, { zeroResultsOnly: false })),
      })),

    zeroResultQueries: permittedProcedure("embeddings:read")
      .input(analyticsWindowInputSchema)
      .output(topQueriesOutputSchema)
      .query(async ({ ctx, input }) => ({
        items: await ctx.tenant((trx) => frequentQueries(trx, ctx.organizationId, input, { zeroResultsOnly: true })),
      })),

    latency: permittedProcedure("embeddings:read")
      .input(analyticsWindowInputSchema)
      .output(latencyOutputSchema)
      .query(({ ctx, input }) => ctx.tenant((trx) => searchLatency(trx, ctx.organizationId, input))),
  });
}
