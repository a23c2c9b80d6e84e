import type { AnyDomainEvent } from "@cauldron/events";
import {
  clearTestRedisPrefix,
  createEventTap,
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
import { createVectorService, type VectorRouter, type VectorServiceOptions } from "../vector-service";

/** A person in a test: their user row and a signed access token. */
export type VectorTestUser = TestPerson;

/** An organization in a test with its owner. */
export type VectorTestOrganization = TestOrganization;

type VectorClient = ReturnType<TestService<VectorRouter>["client"]>;

/** Everything a vector service test needs: its own database, the service, people and organizations. */
export interface VectorTestKit extends TestPeople {
  database: TestDatabase;
  service: TestService<VectorRouter>;
  /** A typed client acting as `user` inside `organizationId`. */
  as(user: VectorTestUser, organizationId?: string): VectorClient;
  /** The owner's client of the organization. */
  ownerOf(organization: VectorTestOrganization): VectorClient;
  /** Relays the outbox to this file's Redis stream and returns the events published since the last call. */
  takeEvents(): Promise<AnyDomainEvent[]>;
  close(): Promise<void>;
}

/** Boots the vector service against a fresh database and a private Redis prefix; workers run unless told not to. */
export async function startVectorTestKit(
  options: VectorServiceOptions = {},
  settings: { workers?: boolean } = {},
): Promise<VectorTestKit> {
  const database = await createTestDatabase();
  const prefix = createTestRedisPrefix();
  const service = await startTestService(
    createVectorService({ ...options, config: { VECTOR_INDEX_JOB_EVERY_MS: 100, ...options.config } }),
    { db: database.db, redisKeyPrefix: prefix, workers: settings.workers === false ? false : { leaseMs: 60_000 } },
  );
  const events = createEventTap(database, prefix);

  const people = createTestPeople(database, service.signer);

  const as = (user: VectorTestUser, organizationId?: string) => service.client({ token: user.token, organizationId });

  return {
    database,
    service,
    ...people,
    as,
    ownerOf: (organization) => as(organization.owner, organization.id),
    takeEvents: () => events.take(),
    async close() {
      await service.close();
      events.close();
      await clearTestRedisPrefix(prefix);
      await database.destroy();
    },
  };
}
