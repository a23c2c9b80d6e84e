import type { ServiceDependencies } from "@cauldron/rpc";
import { createObjectBytesStore } from "./backends/backend-settings";
import type { ObjectBytesStore } from "./backends/object-bytes-store";
import { deferredBytesStore } from "./deferred-bytes-store";
import { signingKeysFromSettings, type SigningKeyRing } from "./signing/signing-keys";
import type { StorageEnv } from "./storage-config";

/** What the storage service's procedures and routes share: settings, the byte backend, link-signing keys. */
export interface StorageRuntime {
  dependencies: ServiceDependencies;
  settings: StorageEnv;
  bytes: ObjectBytesStore;
  signingKeys: SigningKeyRing;
}

/** Builds the runtime once per service instance. */
export function createStorageRuntime(dependencies: ServiceDependencies, settings: StorageEnv): StorageRuntime {
  return {
    dependencies,
    settings,
    bytes: deferredBytesStore(settings.STORAGE_BACKEND, createObjectBytesStore(settings)),
    signingKeys: signingKeysFromSettings(settings, dependencies.env.NODE_ENV),
  };
}
