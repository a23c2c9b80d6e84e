import { createInfoProcedure, defineService, router, type ServiceDependencies } from "@cauldron/rpc";
import { storageBackendEnvSchema } from "./backends/backend-settings";
import { loadStorageConfig, storageEnvSchema, type StorageEnv } from "./storage-config";
import { createStorageRuntime, type StorageRuntime } from "./storage-runtime";

/** The storage service's pluggable parts; each has a local default. */
export interface StorageServiceOptions {
  /** Overrides settings read from the environment (STORAGE_*). */
  config?: Partial<StorageEnv>;
  environment?: Record<string, string | undefined>;
}

/** Builds the storage service's router; every procedure lives under the `storage` prefix. */
export function createStorageRouter(runtime: StorageRuntime) {
  return router({
    storage: router({
      info: createInfoProcedure("storage", runtime.dependencies.startedAt),
    }),
  });
}

export type StorageRouter = ReturnType<typeof createStorageRouter>;

/** The storage service with its parts chosen; `storageService` is it with every default. */
export function createStorageService(options: StorageServiceOptions = {}) {
  // The router, the plain routes and the workers of one instance share one runtime (and backend client).
  const runtimes = new WeakMap<ServiceDependencies, StorageRuntime>();
  const runtimeFor = (dependencies: ServiceDependencies): StorageRuntime => {
    let runtime = runtimes.get(dependencies);
    if (!runtime) {
      const settings = { ...loadStorageConfig(options.environment ?? process.env), ...options.config };
      runtime = createStorageRuntime(dependencies, settings);
      runtimes.set(dependencies, runtime);
    }
    return runtime;
  };
  return defineService({
    name: "storage",
    environment: [storageEnvSchema, storageBackendEnvSchema],
    createRouter: (dependencies) => createStorageRouter(runtimeFor(dependencies)),
  });
}

export const storageService = createStorageService();
