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
export {
  describePrincipal,
  principalOrganizationId,
  principalScopes,
  principalUserId,
  type AuthenticatorAssuranceLevel,
  type Principal,
} from "./auth/principal";
export {
  authenticationEnvSchema,
  createPlatformAuthenticators,
  type PlatformAuthenticatorsOptions,
} from "./auth/platform-authenticators";
export {
  actingUserOf,
  createServiceTokenIssuer,
  createServiceTokenVerifier,
  SERVICE_TOKEN_MAX_AGE_SECONDS,
  signServiceToken,
  type ActingUser,
  type ServiceCall,
  type ServiceCallGrants,
  type ServiceTokenOptions,
  type ServiceTokenVerifier,
  type ServiceTokenVerifierOptions,
} from "./auth/service-token";
export {
  createRevocationList,
  DEFAULT_REDIS_KEY_PREFIX,
  MAX_ACCESS_TOKEN_TTL_SECONDS,
  REVOCATION_RETENTION_SECONDS,
  withRevocationCheck,
  type RevocationList,
  type RevocationListOptions,
} from "./auth/session-revocation";
export { createSupabaseTokenVerifier, type SupabaseTokenVerifierOptions } from "./auth/supabase-token-verifier";
export type { AuditEntry, AuditRequest } from "./audit/record-audit";
export { recordChange, type ChangeEvent, type ChangeRecord } from "./audit/record-change";
export { requestActorUserId, requestEventMetadata } from "./audit/request-actor";
export type { RequestContext, ServiceResources } from "./context";
export { isUniqueViolation, mapDatabaseError } from "./errors/database-errors";
export type { PlatformErrorData, PlatformErrorShape } from "./errors/format-error";
export { invalidFields, type InvalidField } from "./errors/invalid-fields";
export { requireFound } from "./errors/not-found";
export {
  conflict,
  forbidden,
  organizationArchivedError,
  rateLimitedError,
  RefusalError,
  type RefusalReason,
} from "./errors/refusal";
export {
  createServiceServer,
  type RequestContextFactory,
  type ServiceServer,
  type ServiceServerOptions,
} from "./http/create-service-server";
export { respondWithHttpError } from "./http/error-response";
export { createBodyLimits, procedureBodyLimit, type BodyLimits } from "./http/procedure-body-limit";
export { DEFAULT_REQUEST_LIMITS, requestLimitsFrom, type RequestLimits } from "./http/request-limits";
export { createInfoProcedure } from "./info-procedure";
export { grantCovers, isEffectivelyGranted, isGranted, isPermissionPattern } from "./permissions/permission-match";
export {
  CALLER_SCOPE,
  type PermissionName,
  type ProcedureMeta,
  type ProcedureScope,
} from "./permissions/procedure-scope";
export { admitToOrganization, type OrganizationCaller } from "./permissions/organization-caller";
export {
  accessOfRow,
  organizationAccessStatement,
  type OrganizationAccess,
  type OrganizationAccessRow,
} from "./permissions/organization-access";
export { findOrganizationByReference, type ReferencedOrganization } from "./permissions/organization-reference";
export {
  openOrganizationWrite,
  organizationWriteProcedure,
  permittedWriteProcedure,
  type OrganizationChange,
  type OrganizationWriteContext,
} from "./procedures/organization-write";
export { needsSecondFactor, secondFactorRefusal } from "./permissions/second-factor";
export {
  createCircuitBreaker,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
} from "./peers/circuit-breaker";
export { createPeerClient, type PeerClient, type PeerClientOptions, type PeerRequest } from "./peers/peer-client";
export type { PeerFailureReason } from "./peers/peer-link";
export {
  holdsAmong,
  outranks,
  PLATFORM_ADMIN_PERMISSION,
  rankShortfall,
  type HoldsPermission,
} from "./permissions/role-rank";
export { permissionsHeldBy, type RoleHolder } from "./permissions/held-permissions";
export {
  createRateLimiter,
  type RateLimit,
  type RateLimitCheck,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterOptions,
} from "./rate-limit/rate-limiter";
export { clientKey, UNKNOWN_CLIENT } from "./rate-limit/client-key";
export {
  createOrganizationQuotas,
  type OrganizationQuota,
  type OrganizationQuotas,
  type OrganizationQuotasOptions,
} from "./rate-limit/organization-quota";
export {
  organizationSubscription,
  type OrganizationSubscriptionOptions,
  type SubscriptionMarker,
} from "./realtime/organization-subscription";
export { trackedStream } from "./realtime/tracked-stream";
export { defaultAuthenticators, runService, startService, type RunningService } from "./run-service";
export { createRedisConnection } from "./redis-connection";
export { checkServiceEnvironment, serviceVariables } from "./service-environment";
export { defineService, type ServiceDefinition, type ServiceDependencies } from "./service-definition";
export type {
  ConsumerWorker,
  JobContext,
  JobWorker,
  WorkerDeclaration,
  WorkerRuntimeOptions,
} from "./workers/worker-declarations";
export { createWorkerSupervisor, type WorkerStatus, type WorkerSupervisor } from "./workers/worker-supervisor";
export { mountWorkerStatus } from "./workers/worker-status-route";
export {
  createCallerFactory,
  mergeRouters,
  middleware,
  organizationProcedure,
  permittedProcedure,
  protectedProcedure,
  publicProcedure,
  router,
} from "./trpc";
