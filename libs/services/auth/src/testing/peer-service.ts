import {
  CALLER_SCOPE,
  createAccessTokenVerifier,
  createPlatformAuthenticators,
  defineService,
  permittedProcedure,
  protectedProcedure,
  router,
} from "@cauldron/rpc";
import { startTestService } from "@cauldron/testing";
import type { AuthHarness } from "./auth-harness";

function createPeerRouter() {
  return router({
    peer: router({
      whoAmI: protectedProcedure.meta({ scope: CALLER_SCOPE }).query(({ ctx }) => ctx.principal),
      readDocuments: permittedProcedure("documents:read").query(() => "read"),
      deleteDocuments: permittedProcedure("documents:delete").query(() => "deleted"),
    }),
  });
}

/**
 * Another service, authenticating the way every non-auth service does in production: access tokens
 * checked against the auth service's published JWKS, revocations read from the shared Redis prefix.
 */
export async function startPeerService(harness: AuthHarness, environment: Record<string, string> = {}) {
  const jwksUrl = `${harness.service.url}/.well-known/jwks.json`;
  const definition = defineService({
    name: "org",
    createRouter: createPeerRouter,
    createAuthenticators: (dependencies) =>
      createPlatformAuthenticators({
        serviceName: "org",
        resources: dependencies,
        accessToken: createAccessTokenVerifier({
          issuer: dependencies.env.JWT_ISSUER,
          audience: dependencies.env.JWT_AUDIENCE,
          jwksUrl,
        }),
        environment,
        redisKeyPrefix: harness.redisKeyPrefix,
      }),
  });
  return startTestService(definition, { db: harness.database.db, redisKeyPrefix: harness.redisKeyPrefix });
}
