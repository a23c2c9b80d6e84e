import { z } from "zod";
import { spawnBenchServer } from "../spawn-bench-server";

const urlsSchema = z.object({ apiUrl: z.string().url(), token: z.string().min(1), controlUrl: z.string().url() });
const memorySchema = z.object({ residentMegabytes: z.number(), peakMegabytes: z.number() });

/** The service's resident memory now, and its peak since the window began. */
export type ServiceMemory = z.output<typeof memorySchema>;

/** The storage service in a process of its own, an organization in it, and one bucket of that organization. */
export interface StorageBenchService {
  /** The organization's Supabase-compatible API root (`…/orgs/<id>`). */
  apiUrl: string;
  /** The owner's bearer token. */
  token: string;
  bucket: string;
  /** `<apiUrl>/object/<bucket>/<path>`. */
  objectUrl(path: string): string;
  /** Where a bare node:http route in the service's process stores and serves `name` (see bench-control-server). */
  bareUrl(name: string): string;
  /** Starts a new peak-memory window in the service's process, answering its memory now. */
  startMemoryWindow(): Promise<ServiceMemory>;
  memory(): Promise<ServiceMemory>;
  stop(): Promise<void>;
}

async function memoryOf(url: string, method: "GET" | "POST"): Promise<ServiceMemory> {
  const response = await fetch(url, { method });
  if (!response.ok) throw new Error(`the bench server's memory route answered ${response.status}`);
  return memorySchema.parse(await response.json());
}

/**
 * Starts tools/bench/servers/storage-bench-server.ts with `settings` (STORAGE_* variables naming
 * the byte backend) and creates a private bucket through the API.
 */
export async function startStorageBenchService(settings: Record<string, string>): Promise<StorageBenchService> {
  Object.assign(process.env, settings);
  let server;
  try {
    server = await spawnBenchServer<unknown>("tools/bench/servers/storage-bench-server.ts");
  } finally {
    for (const name of Object.keys(settings)) delete process.env[name];
  }
  try {
    const urls = urlsSchema.parse(server.urls);
    const bucket = "bench";
    const created = await fetch(`${urls.apiUrl}/bucket`, {
      method: "POST",
      headers: { authorization: `Bearer ${urls.token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: bucket, public: false }),
    });
    if (!created.ok) throw new Error(`creating the bucket failed: ${created.status} ${await created.text()}`);
    return {
      apiUrl: urls.apiUrl,
      token: urls.token,
      bucket,
      objectUrl: (path) => `${urls.apiUrl}/object/${bucket}/${path}`,
      bareUrl: (name) => `${urls.controlUrl}/bare/${name}`,
      startMemoryWindow: () => memoryOf(`${urls.controlUrl}/memory`, "POST"),
      memory: () => memoryOf(`${urls.controlUrl}/memory`, "GET"),
      stop: server.stop,
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
