import { z } from "zod";
import { spawnBenchServer } from "../spawn-bench-server";
import type { IngestTenant } from "./ingest-copy-baseline";

const readySchema = z.object({
  url: z.string().url(),
  token: z.string().min(1),
  apiToken: z.string().min(1),
  userId: z.string().uuid(),
  organizationId: z.string().uuid(),
  appUrl: z.string().min(1),
  ownerUrl: z.string().min(1),
  controlUrl: z.string().url(),
  partitioning: z.string(),
});
const memorySchema = z.object({ residentMegabytes: z.number(), peakMegabytes: z.number() });

/** The service's resident memory now, and its peak since the window began. */
export type ServiceMemory = z.output<typeof memorySchema>;

/** The telemetry service in a process of its own, on a fresh database, with one organization to write to. */
export interface IngestBenchService {
  url: string;
  /** The organization's owner, whose rows every path writes. */
  tenant: IngestTenant;
  /** The owner's access token, for the typed client. */
  token: string;
  /** An API token bound to the organization with metrics:write, for line protocol. */
  apiToken: string;
  /** The services' role on the benchmark's database (row-level security applies). */
  appUrl: string;
  /** The tables' owner on the same database, to empty them between paths. */
  ownerUrl: string;
  /** `hypertable` (TimescaleDB) or `native` (declarative partitions). */
  partitioning: string;
  /** Starts a new peak-memory window in the service's process, answering its memory now. */
  startMemoryWindow(): Promise<ServiceMemory>;
  memory(): Promise<ServiceMemory>;
  /** Stops the service; with profiling on, its CPU profile is written first. */
  stop(): Promise<void>;
}

async function memoryOf(url: string, method: "GET" | "POST"): Promise<ServiceMemory> {
  const response = await fetch(url, { method });
  if (!response.ok) throw new Error(`the bench server's memory route answered ${response.status}`);
  return memorySchema.parse(await response.json());
}

/** Starts ingest-bench-server.ts, which reads the same BENCH_TELEMETRY_* settings from the environment. */
export async function startIngestBenchService(): Promise<IngestBenchService> {
  const server = await spawnBenchServer<unknown>("tools/bench/telemetry/ingest-bench-server.ts");
  try {
    const ready = readySchema.parse(server.urls);
    return {
      url: ready.url,
      tenant: { userId: ready.userId, organizationId: ready.organizationId },
      token: ready.token,
      apiToken: ready.apiToken,
      appUrl: ready.appUrl,
      ownerUrl: ready.ownerUrl,
      partitioning: ready.partitioning,
      startMemoryWindow: () => memoryOf(`${ready.controlUrl}/memory`, "POST"),
      memory: () => memoryOf(`${ready.controlUrl}/memory`, "GET"),
      stop: server.stop,
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
