import { randomBytes } from "node:crypto";
import { createVectorService, type VectorRouter } from "@cauldron/service-vector";
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
import { createLoreService, type LoreRouter, type LoreServiceOptions } from "../lore-service";

/** A person in a test: their user row and a signed access token. */
export type LoreTestUser = TestPerson;

/** An organization in a test with its owner. */
export type LoreTestOrganization = TestOrganization;

type LoreClient = ReturnType<TestService<LoreRouter>["client"]>;
type VectorClient = ReturnType<TestService<VectorRouter>["client"]>;

/**
 * Everything a lore test needs: its own database, the lore service and the vector service it
 * calls and feeds (on one event stream, workers running), people, organizations and teams.
 */
export interface LoreTestKit extends TestPeople {
  database: TestDatabase;
  service: TestService<LoreRouter>;
  vector: TestService<VectorRouter>;
  /** A new team in the organization whose members are `users` (already members of the organization). */
  createTeam(organizationId: string, users: LoreTestUser[], label?: string): Promise<string>;
  /** A typed lore client acting as `user` inside `organizationId`. */
  as(user: LoreTestUser, organizationId?: string): LoreClient;
  /** A typed vector client acting as `user` inside `organizationId` (vector signs its own tokens in tests). */
  vectorAs(user: LoreTestUser, organizationId?: string): Promise<VectorClient>;
  /** The owner's lore client of the organization. */
  ownerOf(organization: LoreTestOrganization): LoreClient;
  close(): Promise<void>;
}

/** Boots vector, then lore pointed at it, against a fresh database and a private Redis prefix. */
export async function startLoreTestKit(
  options: LoreServiceOptions = {},
  settings: { workers?: boolean } = {},
): Promise<LoreTestKit> {
  const database = await createTestDatabase();
  const redisKeyPrefix = createTestRedisPrefix();
  const workers = settings.workers === false ? false : { leaseMs: 60_000 };
  const vector = await startTestService(
    createVectorService({ config: { VECTOR_INDEX_JOB_EVERY_MS: 100, VECTOR_PENDING_JOB_EVERY_MS: 50 } }),
    { db: database.db, redisKeyPrefix, workers },
  );
  const service = await startTestService(createLoreService(options), {
    db: database.db,
    redisKeyPrefix,
    workers,
    env: { VECTOR_SERVICE_URL: vector.url },
  });

  const people = createTestPeople(database, service.signer);

  const as = (user: LoreTestUser, organizationId?: string) => service.client({ token: user.token, organizationId });

  return {
    database,
    service,
    vector,
    ...people,
    as,
    vectorAs: async (user, organizationId) =>
      vector.client({ token: await vector.signer.issueAccessToken({ userId: user.id }), organizationId }),
    ownerOf: (organization) => as(organization.owner, organization.id),
    async createTeam(organizationId, users, label = "team") {
      const team = await database.ownerDb
        .insertInto("teams")
        .values({ organization_id: organizationId, name: `${label} ${randomBytes(4).toString("hex")}` })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const user of users) {
        await database.ownerDb
          .insertInto("team_members")
          .values({ organization_id: organizationId, team_id: team.id, user_id: user.id })
          .execute();
      }
      return team.id;
    },
    async close() {
      await service.close();
      await vector.close();
      await clearTestRedisPrefix(redisKeyPrefix);
      await database.destroy();
    },
  };
}
