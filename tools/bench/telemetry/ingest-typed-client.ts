import { createTelemetryClient } from "@cauldron/client-telemetry";
import type { IngestBenchService } from "./ingest-bench-service";
import { sendByCallers } from "./ingest-callers";
import type { IngestBenchPoint } from "./ingest-points";

/**
 * Writes the batches through telemetry.metrics.write with the typed client, as the organization's
 * owner, `callers` clients at once, each awaiting its call before the next; answers the points the
 * service reported written.
 */
export function writeThroughTypedClient(
  service: Pick<IngestBenchService, "url" | "token" | "tenant">,
  batches: readonly IngestBenchPoint[][],
  callers: number,
): Promise<number> {
  return sendByCallers(
    batches,
    callers,
    () =>
      createTelemetryClient({ url: service.url, token: service.token, organizationId: service.tenant.organizationId }),
    async (client, points) => (await client.telemetry.metrics.write.mutate({ points })).written,
  );
}
