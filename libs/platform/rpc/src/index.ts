export { createAccessTokenVerifier, ACCESS_TOKEN_ALGORITHMS, type AccessTokenVerifier } from "./auth/access-token";
export {
  apiTokenSecretMatches,
  generateApiToken,
  hashApiTokenSecret,
  parseApiToken,
  type IssuedApiToken,
} from "./auth/api-token-format";
export { createApiTokenVerifier, type ApiTokenVerifierOptions } from "./auth/api-token-verifier";
export { API_TOKEN_PREFIX, authenticateRequest, type ApiTokenVerifier, type Authenticators } from "./auth/authenticate";
export { describePrincipal, principalUserId, type AuthenticatorAssuranceLevel, type Principal } from "./auth/principal";
export {
  authenticationEnvSchema,
  createPlatformAuthenticators,
  type PlatformAuthenticatorsOptions,
} from "./auth/platform-authenticators";
export { createServiceTokenVerifier, signServiceToken, type ServiceTokenVerifier } from "./auth/service-token";
export {
  createRevocationList,
  DEFAULT_REDIS_KEY_PREFIX,
  MAX_ACCESS_TOKEN_TTL_SECONDS,
  withRevocationCheck,
  type RevocationList,
  type RevocationListOptions,
} from "./auth/session-revocation";
export { createSupabaseTokenVerifier, type SupabaseTokenVerifierOptions } from "./auth/supabase-token-verifier";
export { recordAudit, type AuditEntry } from "./audit/record-audit";
export { requestActorUserId, requestEventMetadata } from "./audit/request-actor";
export type { RequestContext, ServiceResources } from "./context";
export type { PlatformErrorData, PlatformErrorShape } from "./errors/format-error";
export {
  createServiceServer,
  type RequestContextFactory,
  type ServiceServer,
  type ServiceServerOptions,
} from "./http/create-service-server";
export { createInfoProcedure } from "./info-procedure";
export { grantCovers, isEffectivelyGranted, isGranted, isPermissionPattern } from "./permissions/permission-match";
export { defaultAuthenticators, runService, startService, type RunningService } from "./run-service";
export { defineService, type ServiceDefinition, type ServiceDependencies } from "./service-definition";
export {
  createCallerFactory,
  middleware,
  organizationProcedure,
  permittedProcedure,
  protectedProcedure,
  publicProcedure,
  router,
} from "./trpc";
