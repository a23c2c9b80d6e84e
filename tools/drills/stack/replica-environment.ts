import { peerUrlVariable, SERVICE_NAMES, type ServiceName } from "@cauldron/config";
import type { PrivateStack } from "./private-stack";

/** What every replica of a replica set shares. */
export interface SharedReplicaSettings {
  stack: PrivateStack;
  /** Each service's proxy URL: what peers and clients call. */
  proxyUrls: Record<ServiceName, string>;
  /** The services that run, whose /metrics telemetry scrapes through their proxies. */
  services: readonly ServiceName[];
  serviceTokenSecret: string;
  /** Set last, over everything else. */
  env: Record<string, string>;
}

/**
 * The environment of one replica: the private stack's Postgres, Redis and object folder, every
 * peer and the JWKS reached through the proxies, quiet logs. Storage gets the long request
 * timeout the deployments give it (large uploads outlast the platform's 30 s).
 */
export function replicaEnvironment(
  service: ServiceName,
  port: number,
  shared: SharedReplicaSettings,
): NodeJS.ProcessEnv {
  const { stack, proxyUrls } = shared;
  const peers = Object.fromEntries(SERVICE_NAMES.map((name) => [peerUrlVariable(name), proxyUrls[name]]));
  const scrapeTargets = shared.services.map((name) => `${name}=${proxyUrls[name]}`).join(",");
  return {
    ...process.env,
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: stack.urls.app,
    REDIS_URL: stack.urls.redis,
    SERVICE_TOKEN_SECRET: shared.serviceTokenSecret,
    AUTH_JWKS_URL: `${proxyUrls.auth}/.well-known/jwks.json`,
    ...peers,
    STORAGE_BACKEND: "filesystem",
    STORAGE_DATA_DIR: stack.objectStoreDir,
    TELEMETRY_SCRAPE_TARGETS: scrapeTargets,
    ...(service === "storage" ? { HTTP_REQUEST_TIMEOUT_MS: "3600000" } : {}),
    ...shared.env,
  };
}
