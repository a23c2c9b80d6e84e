import { createServiceClient, type ServiceClientOptions } from "@cauldron/client-core";
import type { AuthRouter } from "@cauldron/service-auth";

export type { AuthRouter };

/** A typed client of the auth service alone. */
export function createAuthClient(options: ServiceClientOptions) {
  return createServiceClient<AuthRouter>(options);
}
