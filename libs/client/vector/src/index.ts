import { createServiceClient, type ServiceClientOptions } from "@cauldron/client-core";
import type { VectorRouter } from "@cauldron/service-vector";

export type { VectorRouter };

/** A typed client of the vector service alone. */
export function createVectorClient(options: ServiceClientOptions) {
  return createServiceClient<VectorRouter>(options);
}
