import { createPeerClient, type PeerClient, type ServiceDependencies } from "@cauldron/rpc";
import type { VectorRouter } from "@cauldron/client-vector";
import type { Logger } from "pino";
import type { LoreEnv } from "./lore-config";
import { createStorageObjectReader, type StorageObjectReader } from "./storage-import/storage-object-reader";

/** What the lore service's procedures share: settings, the vector and storage services, the logger. */
export interface LoreRuntime {
  config: LoreEnv;
  /** The vector service, called as the request's user (semantic search); null without SERVICE_TOKEN_SECRET. */
  vector: PeerClient<VectorRouter> | null;
  /** The storage service's objects, read as the acting user to import them; null without SERVICE_TOKEN_SECRET. */
  storage: StorageObjectReader | null;
  logger: Logger;
}

/** Builds the runtime once per router from the service's dependencies. */
export function createLoreRuntime(dependencies: ServiceDependencies, config: LoreEnv): LoreRuntime {
  const secret = dependencies.env.SERVICE_TOKEN_SECRET;
  return {
    config,
    vector: secret
      ? createPeerClient<VectorRouter>("vector", {
          caller: "lore",
          grants: ["embeddings:read"],
          secret,
          url: dependencies.env.VECTOR_SERVICE_URL,
        })
      : null,
    storage: secret ? createStorageObjectReader({ secret, url: dependencies.env.STORAGE_SERVICE_URL }) : null,
    logger: dependencies.logger,
  };
}
