import { createServiceClient, type ServiceClientOptions } from "@cauldron/client-core";
import type { LoreRouter } from "@cauldron/service-lore";

export type { LoreRouter };

/** A typed client of the lore service alone. */
export function createLoreClient(options: ServiceClientOptions) {
  return createServiceClient<LoreRouter>(options);
}
