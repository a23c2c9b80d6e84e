import {
  graphPathSchema,
  neighborhoodSchema,
  neighborsInputSchema,
  pathInputSchema,
  subgraphInputSchema,
  subgraphSchema,
} from "@cauldron/contracts";
import { permittedProcedure, requireFound, router } from "@cauldron/rpc";
import { ENTITY_NOT_FOUND } from "./graph-refusals";
import { neighborsOf } from "./graph-neighbors";
import { cheapestPath } from "./graph-path";
import { exportSubgraph } from "./graph-subgraph";

/** lore.graph.*: walking the graph the caller can see: neighbourhoods, cheapest paths, exports. */
export const graphRouter = router({
  neighbors: permittedProcedure("documents:read")
    .input(neighborsInputSchema)
    .output(neighborhoodSchema)
    .query(async ({ ctx, input }) =>
      requireFound(await ctx.tenant((trx) => neighborsOf(trx, input)), ENTITY_NOT_FOUND),
    ),

  path: permittedProcedure("documents:read")
    .input(pathInputSchema)
    .output(graphPathSchema)
    .query(async ({ ctx, input }) =>
      requireFound(await ctx.tenant((trx) => cheapestPath(trx, ctx.organizationId, input)), ENTITY_NOT_FOUND),
    ),

  subgraph: permittedProcedure("documents:read")
    .input(subgraphInputSchema)
    .output(subgraphSchema)
    .query(async ({ ctx, input }) =>
      requireFound(await ctx.tenant((trx) => exportSubgraph(trx, input)), ENTITY_NOT_FOUND),
    ),
});
