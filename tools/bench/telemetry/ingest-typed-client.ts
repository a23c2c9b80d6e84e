import { createTelemetryClient } from "@cauldron/client-telemetry";
import type { IngestBenchService } from "./ingest-bench-service";
import { sendByCallers } from "./ingest-callers";
import type { IngestBenchPoint } from "./ingest-points";

/** The points with their times as epoch milliseconds, as a bulk writer sends them (no superjson Date per point). */
export function withEpochTimes(points: readonly IngestBenchPoint[]) {
  return points.map((point) => ({ ...point, time: point.time.getTime() }));
}

/**
 * Writes the batches through telemetry.metrics.write with the typed client (times as epoch
 * milliseconds), as the organization's
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
    async (client, points) => (await client.telemetry.metrics.write.mutate({ points: withEpochTimes(points) })).written,
  );
}
