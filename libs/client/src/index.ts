export { createAuthClient, type AuthRouter } from "@cauldron/client-auth";
export { createServiceClient, type ServiceClientOptions } from "@cauldron/client-core";
export { createLoreClient, type LoreRouter } from "@cauldron/client-lore";
export { createOrgClient, type OrgRouter } from "@cauldron/client-org";
export { createStorageClient, type StorageRouter } from "@cauldron/client-storage";
export { createTelemetryClient, type TelemetryRouter } from "@cauldron/client-telemetry";
export { createVectorClient, type VectorRouter } from "@cauldron/client-vector";
export {
  createPlatformClient,
  ingressUrls,
  PLATFORM_SERVICES,
  type PlatformClient,
  type PlatformClientOptions,
  type PlatformRouter,
  type PlatformService,
} from "./platform-client";
