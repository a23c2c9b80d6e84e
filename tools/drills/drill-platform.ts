import { SERVICE_NAMES, type ServiceName } from "@cauldron/config";
import { cp, rm } from "node:fs/promises";
import { join } from "node:path";
import { bundle } from "../bundle/bundle";
import { seedOrganizations, type SeededOrganization } from "./load/seed-organizations";
import { startPrivateStack, type PrivateStack } from "./stack/private-stack";
import { startReplicaSet, type ReplicaSet } from "./stack/replica-set";
import { REPO_ROOT } from "./stack/stack-script";

/** Where a drill platform listens: its own Postgres and Redis, and a block of service ports. */
export interface DrillPorts {
  postgres: number;
  redis: number;
  /** The first of the ports the replicas and proxies take (replicaLayout lays them out). */
  services: number;
}

/** A private stack, replicas of the services behind their proxies, and organizations to load. */
export interface DrillPlatform {
  stack: PrivateStack;
  replicas: ReplicaSet;
  services: readonly ServiceName[];
  organizations: SeededOrganization[];
  /** Stops the replicas and destroys the stack. */
  stop(): Promise<void>;
}

export interface DrillPlatformOptions {
  name: string;
  ports: DrillPorts;
  replicas?: number;
  organizations?: number;
  env?: Record<string, string>;
  onProgress?: (line: string) => void;
}

/** Keeps the replicas' logs beside the stack (which is destroyed), to read after a failed drill. */
async function keepLogs(stack: PrivateStack, onProgress: (line: string) => void): Promise<void> {
  const kept = `${stack.dataDir}-logs`;
  await rm(kept, { recursive: true, force: true });
  await cp(join(stack.dataDir, "logs"), kept, { recursive: true }).then(
    () => onProgress(`replica logs kept in ${kept}`),
    () => {},
  );
}

/**
 * Brings up everything a drill runs against; whatever started is torn down again if a step fails.
 * The replicas run the bundles the image runs: what production starts, and quick to restart.
 */
export async function startDrillPlatform(options: DrillPlatformOptions): Promise<DrillPlatform> {
  const onProgress = options.onProgress ?? (() => {});
  const bundles = join(REPO_ROOT, ".data", "drills", `${options.name}-bundles`);
  onProgress(`bundling the services into ${bundles}`);
  await bundle([...SERVICE_NAMES], bundles);
  const stack = await startPrivateStack({
    name: options.name,
    postgresPort: options.ports.postgres,
    redisPort: options.ports.redis,
    onProgress,
  });
  let replicas: ReplicaSet | undefined;
  try {
    replicas = await startReplicaSet({
      stack,
      services: SERVICE_NAMES,
      replicas: options.replicas ?? 2,
      basePort: options.ports.services,
      env: options.env,
      launch: { bundles },
      onProgress,
    });
    const organizations = await seedOrganizations({
      urls: replicas.urls,
      systemDatabaseUrl: stack.urls.owner,
      count: options.organizations ?? 3,
      onProgress,
    });
    const started = replicas;
    return {
      stack,
      replicas: started,
      services: SERVICE_NAMES,
      organizations,
      stop: async () => {
        await started.stop();
        await keepLogs(stack, onProgress);
        await stack.destroy();
      },
    };
  } catch (error) {
    await replicas?.stop().catch(() => {});
    await stack.destroy().catch(() => {});
    throw error;
  }
}
