import { createInfoProcedure, defineService, router, type ServiceDependencies } from "@cauldron/rpc";

/** Builds the org service's router; every procedure lives under the `org` prefix. */
export function createOrgRouter(dependencies: ServiceDependencies) {
  return router({
    org: router({
      info: createInfoProcedure("org", dependencies.startedAt),
    }),
  });
}

export type OrgRouter = ReturnType<typeof createOrgRouter>;

export const orgService = defineService({ name: "org", createRouter: createOrgRouter });
