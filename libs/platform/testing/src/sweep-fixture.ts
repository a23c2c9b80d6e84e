import { randomBytes } from "node:crypto";
import type { ServiceName } from "@cauldron/config";
import type { ServiceDefinition } from "@cauldron/rpc";
import type { AnyTRPCRouter } from "@trpc/server";
import type { TestDatabase } from "./test-database";
import { startTestService, type TestService } from "./test-service";

/** Someone who can call a swept service; every `newSession()` signs them in afresh. */
export interface SweepPerson {
  userId: string;
  email: string;
  /** An access token of a new session, so a procedure that ends sessions cannot lock the sweep out. */
  newSession(): Promise<string>;
}

/** An organization of the sweep and its owner, handed to a fixture to fill with objects. */
export interface SweepOrganization {
  id: string;
  owner: SweepPerson;
  /** Makes another person a member in a role, as an accepted invitation would. */
  addMember(person: SweepPerson, role: string): Promise<void>;
}

/** One of each of a service's objects in one organization, for the cross-organization checks. */
export interface SweepObjects {
  /** Object ids by the input field that takes them (`teamId`, `userId`, `organizationId` …). */
  ids: Record<string, string[]>;
  /** Strings only these objects carry (names, emails, descriptions, secrets): no other organization may see them. */
  markers: string[];
  /** Reads the objects back as their owner; the answer must not change while other organizations are swept. */
  readBack(): Promise<unknown>;
}

/** A service booted for the sweep over every procedure. */
export interface SweptService {
  name: ServiceName;
  url: string;
  router: AnyTRPCRouter;
  /** A new person who can call this service, a member of no organization yet. */
  createPerson(label: string): Promise<SweepPerson>;
  /** Creates one of each of the service's objects in the organization; without it the service gets the bad-input sweep only. */
  seed?(organization: SweepOrganization): Promise<SweepObjects>;
  close(): Promise<void>;
}

/** Where the sweep boots its services: one database, and one Redis prefix so events and revocations reach all. */
export interface SweepGround {
  database: TestDatabase;
  redisKeyPrefix: string;
}

/**
 * How the sweep boots one service. A service lib exports its fixture from its `testing` entry
 * (never from its main one), and the sweep's registry lists one fixture per service.
 */
export interface SweepFixture {
  name: ServiceName;
  start(ground: SweepGround): Promise<SweptService>;
}

/**
 * A person as a user row with a confirmed address and access tokens from the service's test
 * signer: how every service but auth sees its callers in tests.
 */
export async function createSignedPerson(
  service: TestService<AnyTRPCRouter>,
  database: TestDatabase,
  label: string,
): Promise<SweepPerson> {
  const suffix = randomBytes(4).toString("hex");
  const row = await database.ownerDb
    .insertInto("users")
    .values({
      email: `${label}-${suffix}@example.test`,
      display_name: `${label} ${suffix}`,
      email_verified_at: new Date(),
    })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  return {
    userId: row.id,
    email: row.email,
    newSession: () => service.signer.issueAccessToken({ userId: row.id }),
  };
}

/** Sweeps a service with bad input only, until it registers a fixture that seeds its objects. */
export function sweepWithoutObjects(definition: ServiceDefinition): SweepFixture {
  return {
    name: definition.name,
    async start({ database, redisKeyPrefix }) {
      const service = await startTestService(definition, { db: database.db, redisKeyPrefix });
      return {
        name: definition.name,
        url: service.url,
        router: service.router,
        createPerson: (label) => createSignedPerson(service, database, label),
        close: service.close,
      };
    },
  };
}
