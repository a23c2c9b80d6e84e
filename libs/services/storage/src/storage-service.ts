import { createInfoProcedure, defineService, router, type ServiceDependencies } from "@cauldron/rpc";

/** Builds the storage service's router; every procedure lives under the `storage` prefix. */
export function createStorageRouter(dependencies: ServiceDependencies) {
  return router({
    storage: router({
      info: createInfoProcedure("storage", dependencies.startedAt),
    }),
  });
}

export type StorageRouter = ReturnType<typeof createStorageRouter>;

export const storageService = defineService({ name: "storage", createRouter: createStorageRouter });
