import { emailEnvSchema, emailWorker } from "@cauldron/email";
import {
  createInfoProcedure,
  createPlatformAuthenticators,
  defineService,
  router,
  type ServiceDependencies,
} from "@cauldron/rpc";
import { accountEmailComposers } from "./accounts/account-emails";
import { createAccountProcedures } from "./accounts/accounts-router";
import { createAdminRouter } from "./admin/admin-router";
import { createApiTokensRouter } from "./api-tokens/api-tokens-router";
import { authEnvSchema } from "./auth-config";
import { createAuthRuntime, type AuthRuntime, type AuthServiceOptions } from "./auth-runtime";
import { mountJwksRoute } from "./keys/jwks-route";
import { createMfaRouter } from "./mfa/mfa-router";
import { permissionsRouter } from "./rbac/permissions-router";
import { rolesRouter } from "./rbac/roles-router";
import { sessionCleanupJob } from "./sessions/session-cleanup-job";
import { createSessionsRouter } from "./sessions/sessions-router";
import { createSettingsRouter } from "./settings/settings-router";

/** Builds the auth service's router; every procedure lives under the `auth` prefix. */
export function createAuthRouter(dependencies: ServiceDependencies, runtime: AuthRuntime) {
  return router({
    auth: router({
      info: createInfoProcedure("auth", dependencies.startedAt),
      ...createAccountProcedures(runtime),
      sessions: router(createSessionsRouter(runtime)),
      mfa: createMfaRouter(runtime),
      apiTokens: createApiTokensRouter(runtime),
      roles: rolesRouter,
      permissions: permissionsRouter,
      settings: createSettingsRouter(),
      admin: createAdminRouter(runtime),
    }),
  });
}

export type AuthRouter = ReturnType<typeof createAuthRouter>;

/**
 * The auth service: accounts, sessions, MFA, API tokens, RBAC, settings and administration. It
 * signs access tokens, publishes their keys at /.well-known/jwks.json and verifies with its own keys.
 */
export function createAuthService(options: AuthServiceOptions = {}) {
  // The router, the authenticators and the JWKS route of one instance share one runtime.
  const runtimes = new WeakMap<ServiceDependencies, AuthRuntime>();
  const runtimeFor = (dependencies: ServiceDependencies) => {
    let runtime = runtimes.get(dependencies);
    if (!runtime) {
      runtime = createAuthRuntime(dependencies, options);
      runtimes.set(dependencies, runtime);
    }
    return runtime;
  };
  return defineService({
    name: "auth",
    environment: [authEnvSchema, emailEnvSchema],
    createRouter: (dependencies) => createAuthRouter(dependencies, runtimeFor(dependencies)),
    configureRoutes: (app, dependencies) => mountJwksRoute(app, runtimeFor(dependencies).keys, dependencies.logger),
    workers: (dependencies) => {
      const runtime = runtimeFor(dependencies);
      return [
        emailWorker({
          sender: "auth",
          composers: accountEmailComposers(runtime),
          email: runtime.email,
          logger: dependencies.logger,
          delivery: options.emailDelivery,
        }),
        sessionCleanupJob({ absoluteLifetimeSeconds: runtime.config.SESSION_ABSOLUTE_LIFETIME_SECONDS }),
      ];
    },
    createAuthenticators: (dependencies) => {
      const runtime = runtimeFor(dependencies);
      return createPlatformAuthenticators({
        serviceName: "auth",
        resources: dependencies,
        accessToken: runtime.keys.verifyAccessToken,
        serviceTokenSecret: dependencies.env.SERVICE_TOKEN_SECRET,
        environment: runtime.environment,
        revocations: runtime.revocations,
      });
    },
  });
}

export const authService = createAuthService();
