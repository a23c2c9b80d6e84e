import { createServiceClient, type ServiceClientOptions } from "@cauldron/client-core";
import type { StorageRouter } from "@cauldron/service-storage";

export type { StorageRouter };
export type { StoredObjectInfo } from "./object-info";
export { ObjectReadError, type ObjectReadFailure } from "./object-read-error";
export { readObjectBytes, type ObjectBytes, type ObjectBytesRequest } from "./read-object-bytes";

/** A typed client of the storage service alone. */
export function createStorageClient(options: ServiceClientOptions) {
  return createServiceClient<StorageRouter>(options);
}
