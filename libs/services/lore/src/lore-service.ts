import { createInfoProcedure, defineService, router, type ServiceDependencies } from "@cauldron/rpc";

/** Builds the lore service's router; every procedure lives under the `lore` prefix. */
export function createLoreRouter(dependencies: ServiceDependencies) {
  return router({
    lore: router({
      info: createInfoProcedure("lore", dependencies.startedAt),
    }),
  });
}

export type LoreRouter = ReturnType<typeof createLoreRouter>;

export const loreService = defineService({ name: "lore", createRouter: createLoreRouter });
