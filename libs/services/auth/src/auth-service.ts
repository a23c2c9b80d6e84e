import { createInfoProcedure, defineService, router, type ServiceDependencies } from "@cauldron/rpc";

/** Builds the auth service's router; every procedure lives under the `auth` prefix. */
export function createAuthRouter(dependencies: ServiceDependencies) {
  return router({
    auth: router({
      info: createInfoProcedure("auth", dependencies.startedAt),
    }),
  });
}

export type AuthRouter = ReturnType<typeof createAuthRouter>;

export const authService = defineService({ name: "auth", createRouter: createAuthRouter });
