import { randomBytes } from "node:crypto";
import { peerUrlVariable, SERVICE_NAMES, type ServiceName } from "@cauldron/config";
import { startService, type RunningService, type ServiceDefinition } from "@cauldron/rpc";
import { createAuthService } from "@cauldron/service-auth";
import { createLoreService } from "@cauldron/service-lore";
import { createOrgService } from "@cauldron/service-org";
import { createStorageService } from "@cauldron/service-storage";
import { createTelemetryService } from "@cauldron/service-telemetry";
import { createVectorService } from "@cauldron/service-vector";
import { freePort } from "@cauldron/testing";

/** Every service running in this process, as their entry points run them, on loopback ports. */
export interface ServicesInProcess {
  urls: Record<ServiceName, string>;
  stop(): Promise<void>;
}

export interface ServicesInProcessOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Where storage keeps object bytes. */
  storageDir: string;
}

type Environment = Record<string, string>;

// Each service reads its own settings from the environment it is given, never from process.env.
const DEFINITIONS: Record<ServiceName, (environment: Environment) => ServiceDefinition> = {
  auth: (environment) => createAuthService({ environment }),
  org: (environment) => createOrgService({ environment }),
  lore: (environment) => createLoreService({ environment }),
  vector: (environment) => createVectorService({ environment }),
  telemetry: (environment) => createTelemetryService({ environment }),
  storage: (environment) => createStorageService({ environment }),
};

/** Starts all six services with startService, each knowing the others' URLs and the auth service's keys. */
export async function startServicesInProcess(options: ServicesInProcessOptions): Promise<ServicesInProcess> {
  const ports = Object.fromEntries(
    await Promise.all(SERVICE_NAMES.map(async (name) => [name, await freePort()] as const)),
  ) as Record<ServiceName, number>;
  const urls = Object.fromEntries(SERVICE_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}`])) as Record<
    ServiceName,
    string
  >;
  const shared: Environment = {
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    HOST: "127.0.0.1",
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_MAX: "4",
    REDIS_URL: options.redisUrl,
    SERVICE_TOKEN_SECRET: randomBytes(32).toString("hex"),
    AUTH_JWKS_URL: `${urls.auth}/.well-known/jwks.json`,
    STORAGE_DATA_DIR: options.storageDir,
    ...Object.fromEntries(SERVICE_NAMES.map((name) => [peerUrlVariable(name), urls[name]])),
  };
  const started = await Promise.allSettled(
    SERVICE_NAMES.map((name) => {
      const environment = { ...shared, PORT: String(ports[name]) };
      return startService(DEFINITIONS[name](environment), environment);
    }),
  );
  const running = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stop = async () => void (await Promise.allSettled(running.map((service: RunningService) => service.stop())));
  const failure = started.find((result) => result.status === "rejected");
  if (failure) {
    await stop();
    throw failure.reason;
  }
  return { urls, stop };
}
