import type { ServiceName } from "@cauldron/config";
import { z } from "zod";
import type { AcknowledgedWrite } from "./ledger";
import { createLoadClients } from "./load-clients";
import { LOAD_OPERATIONS, type LoadTarget } from "./load-operations";
import { createLoadTally, type LoadReport } from "./load-tally";
import { withDeadline } from "./request-deadline";
import type { SeededOrganization } from "./seed-organizations";

export type { AcknowledgedWrite, LoadReport };

const TICK_MS = 10;

export interface SteadyLoadOptions {
  /** Where each service is reached: in a drill, the round-robin proxy in front of its replicas. */
  urls: Record<ServiceName, string>;
  organizations: SeededOrganization[];
  requestsPerSecond: number;
  onProgress?: (line: string) => void;
  /** A request without an answer by then fails as TIMEOUT; 10 s by default. */
  requestTimeoutMs?: number;
  /** Requests in flight at most; one more due then is shed, not queued. One second's worth by default. */
  maxInFlight?: number;
  /** How often onProgress hears from the load; every 2 s by default. */
  progressEveryMs?: number;
}

const settingsSchema = z.object({
  requestsPerSecond: z.number().positive().max(10_000),
  requestTimeoutMs: z.number().int().positive().default(10_000),
  maxInFlight: z.number().int().positive().optional(),
  progressEveryMs: z.number().int().positive().default(2_000),
  organizations: z.number().int().min(1, "seed at least one organization"),
});

/**
 * Starts an open-loop load: requests leave at a fixed rate whatever the answers do, cycling
 * through the request mix (LOAD_OPERATIONS) and the organizations, each with a deadline, at most
 * `maxInFlight` at once, so an outage produces counted failures instead of a pile of waiting
 * promises. stop() sends nothing more, waits for the requests in flight and reports.
 */
export function startSteadyLoad(options: SteadyLoadOptions): { stop(): Promise<LoadReport> } {
  const settings = settingsSchema.parse({ ...options, organizations: options.organizations.length });
  const maxInFlight = settings.maxInFlight ?? Math.max(8, Math.ceil(settings.requestsPerSecond));
  const targets: LoadTarget[] = options.organizations.map((organization) => ({
    organization,
    clients: createLoadClients(options.urls, organization),
    storageUrl: options.urls.storage,
    recent: { documents: [], objects: [], embeddings: [] },
  }));
  const tally = createLoadTally();
  const inFlight = new Set<Promise<void>>();
  const startedAt = performance.now();
  let issued = 0;

  const launch = (sequence: number) => {
    if (inFlight.size >= maxInFlight) return tally.shed();
    const target = targets[sequence % targets.length]!;
    const operation = LOAD_OPERATIONS[Math.floor(sequence / targets.length) % LOAD_OPERATIONS.length]!;
    const requestStartedAt = performance.now();
    tally.sent();
    const request = withDeadline(settings.requestTimeoutMs, (signal) => operation.run(target, signal)).then(
      (write: AcknowledgedWrite | null) => tally.acknowledged(write),
      (error: unknown) => tally.failed(operation.name, error, performance.now() - requestStartedAt),
    );
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  };

  const ticker = setInterval(() => {
    const due = Math.floor(((performance.now() - startedAt) / 1_000) * settings.requestsPerSecond);
    while (issued < due) launch(issued++);
  }, TICK_MS);
  const progress = setInterval(() => options.onProgress?.(tally.line(inFlight.size)), settings.progressEveryMs);

  let stopping: Promise<LoadReport> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(ticker);
        clearInterval(progress);
        await Promise.allSettled([...inFlight]);
        options.onProgress?.(tally.line(0));
        return tally.finish();
      })()),
  };
}
