import type { AuthRouter } from "@cauldron/client-auth";
import { createServiceLink, type ServiceClientOptions } from "@cauldron/client-core";
import type { LoreRouter } from "@cauldron/client-lore";
import type { OrgRouter } from "@cauldron/client-org";
import type { StorageRouter } from "@cauldron/client-storage";
import type { TelemetryRouter } from "@cauldron/client-telemetry";
import type { VectorRouter } from "@cauldron/client-vector";
import { createTRPCClient } from "@trpc/client";
import type { TRPCBuiltRouter } from "@trpc/server";
import { routeByPrefix } from "./route-by-prefix";

type RootTypes = AuthRouter["_def"]["_config"]["$types"];
type RecordOf<TRouter extends { _def: { record: object } }> = TRouter["_def"]["record"];

/** Every service's procedures as one router type; each service owns one top-level prefix. */
export type PlatformRouter = TRPCBuiltRouter<
  RootTypes,
  RecordOf<AuthRouter> &
    RecordOf<OrgRouter> &
    RecordOf<LoreRouter> &
    RecordOf<VectorRouter> &
    RecordOf<TelemetryRouter> &
    RecordOf<StorageRouter>
>;

export const PLATFORM_SERVICES = ["auth", "org", "lore", "vector", "telemetry", "storage"] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

export interface PlatformClientOptions extends Omit<ServiceClientOptions, "url"> {
  /** One base URL per service, e.g. { auth: "http://127.0.0.1:4101", … }. */
  urls: Record<PlatformService, string>;
}

/** Service URLs behind one ingress that serves each service under `/<service>/`. */
export function ingressUrls(baseUrl: string): Record<PlatformService, string> {
  const base = baseUrl.replace(/\/+$/, "");
  return Object.fromEntries(PLATFORM_SERVICES.map((service) => [service, `${base}/${service}`])) as Record<
    PlatformService,
    string
  >;
}

/** One typed client for the whole platform; calls go to the service their path names. */
export function createPlatformClient(options: PlatformClientOptions) {
  const { urls, ...shared } = options;
  const links = Object.fromEntries(
    PLATFORM_SERVICES.map((service) => [service, createServiceLink<PlatformRouter>({ ...shared, url: urls[service] })]),
  );
  return createTRPCClient<PlatformRouter>({ links: [routeByPrefix(links)] });
}

export type PlatformClient = ReturnType<typeof createPlatformClient>;
