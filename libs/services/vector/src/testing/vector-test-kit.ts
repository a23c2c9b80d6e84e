import { randomBytes } from "node:crypto";
import type { OrganizationRole } from "@cauldron/contracts";
import type { AnyDomainEvent } from "@cauldron/events";
import {
  clearTestRedisPrefix,
  createEventTap,
  createTestDatabase,
  createTestRedisPrefix,
  startTestService,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { createVectorService, type VectorRouter, type VectorServiceOptions } from "../vector-service";

/** A person in a test: their user row and a signed access token. */
export interface VectorTestUser {
  id: string;
  email: string;
  token: string;
}

/** An organization in a test with its owner. */
export interface VectorTestOrganization {
  id: string;
  owner: VectorTestUser;
}

type VectorClient = ReturnType<TestService<VectorRouter>["client"]>;

/** Everything a vector service test needs: its own database, the service, people and organizations. */
export interface VectorTestKit {
  database: TestDatabase;
  service: TestService<VectorRouter>;
  createUser(label?: string): Promise<VectorTestUser>;
  /** A new organization owned by a new user. */
  createOrganization(label?: string): Promise<VectorTestOrganization>;
  /** Adds `user` to the organization with `role` (owner, admin, member, viewer). */
  addMember(organizationId: string, user: VectorTestUser, role: OrganizationRole): Promise<void>;
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

  async function createUser(label = "person"): Promise<VectorTestUser> {
    const suffix = randomBytes(4).toString("hex");
    const row = await database.ownerDb
      .insertInto("users")
      .values({
        email: `${label.toLowerCase()}-${suffix}@example.test`,
        display_name: `${label} ${suffix}`,
        email_verified_at: new Date(),
      })
      .returning(["id", "email"])
      .executeTakeFirstOrThrow();
    return { ...row, token: await service.signer.issueAccessToken({ userId: row.id }) };
  }

  async function addMember(organizationId: string, user: VectorTestUser, role: OrganizationRole): Promise<void> {
    await database.ownerDb
      .insertInto("organization_users")
      .values({ organization_id: organizationId, user_id: user.id, role })
      .execute();
  }

  const as = (user: VectorTestUser, organizationId?: string) => service.client({ token: user.token, organizationId });

  return {
    database,
    service,
    createUser,
    addMember,
    as,
    ownerOf: (organization) => as(organization.owner, organization.id),
    async createOrganization(label = "org") {
      const owner = await createUser(`${label}-owner`);
      const suffix = randomBytes(4).toString("hex");
      const organization = await database.ownerDb
        .insertInto("organizations")
        .values({ name: `${label} ${suffix}`, slug: `${label}-${suffix}`.toLowerCase(), created_by: owner.id })
        .returning("id")
        .executeTakeFirstOrThrow();
      await addMember(organization.id, owner, "owner");
      return { id: organization.id, owner };
    },
    takeEvents: () => events.take(),
    async close() {
      await service.close();
      events.close();
      await clearTestRedisPrefix(prefix);
      await database.destroy();
    },
  };
}
