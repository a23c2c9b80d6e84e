import { createServiceClient, type ServiceClientOptions } from "@cauldron/client-core";
import type { VectorRouter } from "@cauldron/service-vector";

export type { VectorRouter };
/** Packs a query vector for `vector.search` (float32, base64): smaller and quicker than a number array. */
export { packVector } from "@cauldron/contracts";

/** A typed client of the vector service alone. */
export function createVectorClient(options: ServiceClientOptions) {
  return createServiceClient<VectorRouter>(options);
}
