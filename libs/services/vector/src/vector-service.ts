import { createInfoProcedure, defineService, router, type ServiceDependencies } from "@cauldron/rpc";

/** Builds the vector service's router; every procedure lives under the `vector` prefix. */
export function createVectorRouter(dependencies: ServiceDependencies) {
  return router({
    vector: router({
      info: createInfoProcedure("vector", dependencies.startedAt),
    }),
  });
}

export type VectorRouter = ReturnType<typeof createVectorRouter>;

export const vectorService = defineService({ name: "vector", createRouter: createVectorRouter });
