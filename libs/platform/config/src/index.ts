export { ConfigError, loadConfig } from "./load-config";
export {
  configuredRedisUrl,
  LOCAL_DATABASE_ADMIN_URL,
  LOCAL_DATABASE_OWNER_URL,
  LOCAL_DATABASE_URL,
  LOCAL_REDIS_URL,
  peerUrlsFrom,
  platformEnvSchema,
  toolingEnvSchema,
  type PlatformEnv,
  type ToolingEnv,
} from "./platform-env";
export { PLATFORM_VERSION } from "./platform-version";
export { LOCAL_SERVICE_URLS, mayCall, peerUrlVariable, SERVICE_CALLS } from "./service-calls";
export { SERVICE_NAMES, SERVICE_PORTS, type ServiceName } from "./service-ports";
