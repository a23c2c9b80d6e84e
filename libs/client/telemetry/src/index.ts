import { createServiceClient, type ServiceClientOptions } from "@cauldron/client-core";
import type { TelemetryRouter } from "@cauldron/service-telemetry";

export type { TelemetryRouter };

/** A typed client of the telemetry service alone. */
export function createTelemetryClient(options: ServiceClientOptions) {
  return createServiceClient<TelemetryRouter>(options);
}
