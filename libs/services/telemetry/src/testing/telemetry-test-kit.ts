import { generateApiToken } from "@cauldron/rpc";
import {
  clearTestRedisPrefix,
  createTestDatabase,
  createTestPeople,
  createTestRedisPrefix,
  startTestService,
  type TestDatabase,
  type TestOrganization,
  type TestPeople,
  type TestPerson,
  type TestService,
} from "@cauldron/testing";
import { createTelemetryService, type TelemetryRouter, type TelemetryServiceOptions } from "../telemetry-service";

type TelemetryClient = ReturnType<TestService<TelemetryRouter>["client"]>;

/** Everything a telemetry test needs: its own database, the service, people, organizations and API tokens. */
export interface TelemetryTestKit extends TestPeople {
  database: TestDatabase;
  service: TestService<TelemetryRouter>;
  /** A typed client acting as `user` inside `organizationId`. */
  as(user: TestPerson, organizationId?: string): TelemetryClient;
  /** The owner's client of the organization. */
  ownerOf(organization: TestOrganization): TelemetryClient;
  /** A new `cst_…` API token of `user` with these scopes, bound to one organization when given. */
  createApiToken(user: TestPerson, scopes: string[], options?: { organizationId?: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots the telemetry service (without its jobs) against a fresh database and a private Redis
 * prefix; `env` sets platform variables (such as HOSTILE_HTTP_ENV's short timeouts).
 */
export async function startTelemetryTestKit(
  options: TelemetryServiceOptions = {},
  env: Record<string, string> = {},
): Promise<TelemetryTestKit> {
  const database = await createTestDatabase();
  const prefix = createTestRedisPrefix();
  const service = await startTestService(createTelemetryService(options), {
    db: database.db,
    redisKeyPrefix: prefix,
    workers: false,
    env,
  });
  const as = (user: TestPerson, organizationId?: string) => service.client({ token: user.token, organizationId });

  return {
    database,
    service,
    ...createTestPeople(database, service.signer),
    as,
    ownerOf: (organization) => as(organization.owner, organization.id),
    async createApiToken(user, scopes, tokenOptions = {}) {
      const issued = generateApiToken();
      await database.ownerDb
        .insertInto("api_tokens")
        .values({
          user_id: user.id,
          name: `metrics ${scopes.join(" ")}`,
          prefix: issued.prefix,
          secret_hash: issued.secretHash,
          scopes,
          organization_id: tokenOptions.organizationId ?? null,
        })
        .execute();
      return issued.token;
    },
    async close() {
      await service.close();
      await clearTestRedisPrefix(prefix);
      await database.destroy();
    },
  };
}
