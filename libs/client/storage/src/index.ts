import { createServiceClient, type ServiceClientOptions } from "@cauldron/client-core";
import type { StorageRouter } from "@cauldron/service-storage";

export type { StorageRouter };

/** A typed client of the storage service alone. */
export function createStorageClient(options: ServiceClientOptions) {
  return createServiceClient<StorageRouter>(options);
}
