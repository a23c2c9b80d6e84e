import { createInfoProcedure, defineService, router, type ServiceDependencies } from "@cauldron/rpc";
import { accessRouter } from "./access/access-router";
import { storageBackendEnvSchema } from "./backends/backend-settings";
import { createBucketsRouter } from "./buckets/buckets-router";
import { metadataRouter } from "./metadata/metadata-router";
import { createObjectsRouter } from "./objects/objects-router";
import { uploadExpiryJob } from "./resumable/upload-expiry-job";
import { mountResumableUploads } from "./resumable/tus-routes";
import { loadStorageConfig, storageEnvSchema, type StorageEnv } from "./storage-config";
import { reconciliationJob } from "./reconciliation/reconciliation-job";
import { createStorageRuntime, type StorageRuntime } from "./storage-runtime";
import { mountStorageApi } from "./supabase-api/mount-storage-api";
import { usageRouter } from "./usage/usage-router";

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
      buckets: createBucketsRouter(runtime),
      objects: createObjectsRouter(runtime),
      metadata: metadataRouter,
      access: accessRouter,
      usage: usageRouter,
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
    configureRoutes: (app, dependencies, createContext) => {
      mountStorageApi(app, runtimeFor(dependencies), createContext);
      mountResumableUploads(app, runtimeFor(dependencies), createContext);
    },
    workers: (dependencies) => [
      uploadExpiryJob(runtimeFor(dependencies).bytes),
      reconciliationJob(runtimeFor(dependencies)),
    ],
  });
}

export const storageService = createStorageService();
