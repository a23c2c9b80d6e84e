import { SERVICE_NAMES, type ServiceName } from "@cauldron/config";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { waitUntilReady } from "../../start/service-processes";
import type { PrivateStack } from "./private-stack";
import { replicaEnvironment } from "./replica-environment";
import { portOf, replicaLayout } from "./replica-ports";
import { logTail, spawnReplica, stopReplica, type ReplicaLaunch, type ReplicaProcess } from "./replica-process";
import { startRoundRobinProxy, type ProxyCounts, type RoundRobinProxy } from "./round-robin-proxy";

/** Replicas of some services on a private stack, each service behind its round-robin proxy. */
export interface ReplicaSet {
  /** The proxy URL of each service (what clients and peers use); nothing listens for a service not started. */
  urls: Record<ServiceName, string>;
  replicaUrls: Record<ServiceName, string[]>;
  /**
   * SIGTERM, wait for the exit, respawn on the same port, wait until /readyz answers 200. Given a
   * launch, the replica comes back running that code (a rolling upgrade).
   */
  restartReplica(service: ServiceName, index: number, launch?: ReplicaLaunch): Promise<void>;
  /** What each started service's proxy did so far. */
  proxyCounts(): Partial<Record<ServiceName, ProxyCounts>>;
  stop(): Promise<void>;
}

// Generous: a replica compiles the platform as it starts, and a busy machine shares its cores.
const READY_WITHIN_MS = 120_000;
const STOP_GRACE_MS = 30_000;
const DRAIN_BEFORE_STOP_MS = 500;

const optionsSchema = z.object({
  services: z
    .array(z.enum(SERVICE_NAMES))
    .min(1)
    .refine((names) => new Set(names).size === names.length, "names a service twice"),
  replicas: z.number().int().min(1).max(8),
  basePort: z.number().int().min(1024).max(65_000),
  env: z.record(z.string(), z.string()).default({}),
});

/**
 * Starts `replicas` processes of each service on the private stack (as many at once as there are
 * cores, since each compiles the platform as it starts), waits until every one is ready, then one
 * proxy per service; ports as `replicaLayout` lays them out. Each replica's output goes to
 * <stack.dataDir>/logs/<service>-<i>.log.
 */
export async function startReplicaSet(options: {
  stack: PrivateStack;
  services: readonly ServiceName[];
  replicas: number;
  basePort: number;
  env?: Record<string, string>;
  /** What the replicas run; this checkout's source by default. */
  launch?: ReplicaLaunch;
  onProgress?: (line: string) => void;
}): Promise<ReplicaSet> {
  const { services, replicas, basePort, env } = optionsSchema.parse(options);
  const onProgress = options.onProgress ?? (() => {});
  const { proxyUrls, replicaUrls } = replicaLayout(services, replicas, basePort);
  const logDir = join(options.stack.dataDir, "logs");
  await mkdir(logDir, { recursive: true });
  const shared = {
    stack: options.stack,
    proxyUrls,
    services,
    env,
    serviceTokenSecret: randomBytes(32).toString("hex"),
  };
  const running = new Map<string, ReplicaProcess>();
  const proxies = new Map<ServiceName, RoundRobinProxy>();

  const launches = new Map<string, ReplicaLaunch>();

  async function startReplica(service: ServiceName, index: number): Promise<void> {
    const name = `${service}[${index}]`;
    const port = portOf(replicaUrls[service][index] as string);
    const logFile = join(logDir, `${service}-${index}.log`);
    const replica = spawnReplica(
      service,
      port,
      replicaEnvironment(service, port, shared),
      logFile,
      launches.get(name) ?? options.launch,
    );
    running.set(name, replica);
    void replica.exited.then((code) => {
      if (running.get(name) === replica) onProgress(`${name} exited unexpectedly (code ${code}); log: ${logFile}`);
    });
    const spawnedAt = Date.now();
    try {
      await waitUntilReady(replica, READY_WITHIN_MS);
      onProgress(`${name} ready ${Date.now() - spawnedAt} ms after spawning`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${name}: ${reason}; last lines of ${logFile}:\n${await logTail(replica)}`, { cause: error });
    }
  }

  async function stopOne(name: string, replica: ReplicaProcess): Promise<void> {
    const exit = await stopReplica(replica, STOP_GRACE_MS);
    onProgress(`${name} exited (${exit.signal ?? `code ${exit.code}`}) ${exit.stoppedInMs} ms after SIGTERM`);
  }

  async function stop(): Promise<void> {
    const stopping = [...running];
    running.clear();
    await Promise.all(stopping.map(([name, replica]) => stopOne(name, replica)));
    await Promise.all([...proxies.values()].map((proxy) => proxy.close()));
  }

  const queue = services.flatMap((service) => replicaUrls[service].map((_, index) => ({ service, index })));
  const started = Date.now();
  onProgress(`starting ${queue.length} replicas of ${services.join(", ")}`);
  try {
    const starter = async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        await startReplica(next.service, next.index);
      }
    };
    await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, starter));
    for (const service of services) {
      const proxy = await startRoundRobinProxy({
        name: service,
        upstreams: replicaUrls[service],
        port: portOf(proxyUrls[service]),
      });
      proxies.set(service, proxy);
    }
  } catch (error) {
    queue.length = 0;
    await stop();
    throw error;
  }
  onProgress(`${running.size} replicas ready in ${Date.now() - started} ms`);

  return {
    urls: proxyUrls,
    replicaUrls,
    async restartReplica(service, index, nextLaunch) {
      const name = `${service}[${index}]`;
      const replica = running.get(name);
      if (replica === undefined) throw new Error(`${name} is not running in this replica set`);
      const address = replicaUrls[service][index] as string;
      const proxy = proxies.get(service);
      proxy?.setInRotation(address, false);
      // The chart's preStop pause: the endpoint is gone before SIGTERM, so no new request races the shutdown.
      await new Promise((resolve) => setTimeout(resolve, DRAIN_BEFORE_STOP_MS));
      running.delete(name);
      await stopOne(name, replica);
      if (nextLaunch !== undefined) launches.set(name, nextLaunch);
      const respawned = Date.now();
      await startReplica(service, index);
      proxy?.setInRotation(address, true);
      onProgress(`${name} back in rotation ${Date.now() - respawned} ms after respawning`);
    },
    proxyCounts: () => Object.fromEntries([...proxies].map(([service, proxy]) => [service, proxy.counts()])),
    stop,
  };
}
