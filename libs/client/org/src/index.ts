import { createServiceClient, type ServiceClientOptions } from "@cauldron/client-core";
import type { OrgRouter } from "@cauldron/service-org";

export type { OrgRouter };

/** A typed client of the org service alone. */
export function createOrgClient(options: ServiceClientOptions) {
  return createServiceClient<OrgRouter>(options);
}
