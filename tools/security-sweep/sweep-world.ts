import { randomBytes } from "node:crypto";
import {
  clearTestRedisPrefix,
  createTestDatabase,
  createTestRedisPrefix,
  type SweepFixture,
  type SweepObjects,
  type SweepPerson,
  type SweptService,
  type TestDatabase,
} from "@cauldron/testing";
import { sql } from "kysely";
import { catalogProcedures, type CatalogedProcedure } from "./procedure-catalog";

/** A person's current access token; `renew` signs them in again when a procedure ended the session. */
export interface SweepSession {
  token(): Promise<string>;
  renew(): Promise<string>;
}

function sessionOf(person: SweepPerson): SweepSession {
  let current: Promise<string> | null = null;
  return {
    token: () => (current ??= person.newSession()),
    renew: () => (current = person.newSession()),
  };
}

/** One service under the sweep, its procedures, and the people who call it. */
export interface ServiceUnderSweep {
  service: SweptService;
  procedures: CatalogedProcedure[];
  /**
   * The service's own sweep organization: what its procedures do there (org.organizations.archive
   * takes no input, so bad input archives it) must not refuse the other services' calls meanwhile.
   */
  sweepOrganizationId: string;
  /** Owner of the service's sweep organization and platform administrator, so every validation path is reached. */
  member: SweepSession;
  /** Owner of organization B, and a member of nothing else. */
  outsider: SweepSession;
  /** Owner of organization A. */
  ownerOfA: SweepPerson;
  /** What the service's fixture seeded in organization A, if it has a fixture. */
  objectsOfA: SweepObjects | null;
  /** Ids of what it seeded in organization B, and B's owner. */
  idsOfB: Record<string, string[]>;
}

/** The organizations every service shares: A (holds the seeded objects) and B (whose owner probes A). */
export interface SweepOrganizations {
  a: string;
  b: string;
}

/** Everything the sweep runs against: the services, the organizations, and what A holds. */
export interface SweepWorld {
  organizations: SweepOrganizations;
  services: ServiceUnderSweep[];
  /** Ids of A's objects by input field, from every fixture and A itself. */
  idsOfA: Record<string, string[]>;
  /** Ids of B's own objects, seeded the same way, to pair with one id of A's. */
  idsOfB: Record<string, string[]>;
  /** Strings only A's objects carry. */
  markersOfA: string[];
  close(): Promise<void>;
}

async function createOrganization(database: TestDatabase, label: string) {
  const tag = randomBytes(4).toString("hex");
  return database.ownerDb
    .insertInto("organizations")
    .values({
      name: `${label} ${tag}`,
      slug: `${label.toLowerCase().replaceAll(" ", "-")}-${tag}`,
      description: `${label} notes ${tag}`,
    })
    .returning(["id", "name", "slug", "description"])
    .executeTakeFirstOrThrow();
}

async function addMember(database: TestDatabase, organizationId: string, person: SweepPerson, role: string) {
  await database.ownerDb
    .insertInto("organization_users")
    .values({ organization_id: organizationId, user_id: person.userId, role })
    .execute();
}

// As the seed does for the first administrator: the global platform_admin role, written as the schema owner.
async function makePlatformAdmin(database: TestDatabase, person: SweepPerson) {
  await sql`
    insert into public.user_roles (user_id, role_id, organization_id)
    select ${person.userId}, id, null from public.roles where name = 'platform_admin' and organization_id is null
  `.execute(database.ownerDb);
}

function mergeIds(into: Record<string, string[]>, ids: Record<string, string[]>) {
  for (const [field, values] of Object.entries(ids)) into[field] = [...new Set([...(into[field] ?? []), ...values])];
}

/** Every fixture's service, booted on one database and one Redis prefix. */
export interface SweptServices {
  database: TestDatabase;
  services: SweptService[];
  close(): Promise<void>;
}

/** Boots each fixture's service in turn; stops the ones already running if one fails. */
export async function startSweptServices(fixtures: readonly SweepFixture[]): Promise<SweptServices> {
  const database = await createTestDatabase();
  const redisKeyPrefix = createTestRedisPrefix();
  const services: SweptService[] = [];
  const close = async () => {
    await Promise.all(services.map((service) => service.close()));
    await database.destroy();
    await clearTestRedisPrefix(redisKeyPrefix);
  };
  try {
    for (const fixture of fixtures) services.push(await fixture.start({ database, redisKeyPrefix }));
  } catch (error) {
    await close();
    throw error;
  }
  return { database, services, close };
}

/**
 * Boots every fixture's service on one database, creates the sweep's organizations and people,
 * and lets each fixture seed one of each of its objects in organization A.
 */
export async function startSweepWorld(fixtures: readonly SweepFixture[]): Promise<SweepWorld> {
  const booted = await startSweptServices(fixtures);
  const { database } = booted;
  try {
    const [a, b] = await Promise.all(["Tenant A", "Tenant B"].map((label) => createOrganization(database, label)));
    if (!a || !b) throw new Error("could not create the sweep's organizations");
    const idsOfA: Record<string, string[]> = { organizationId: [a.id] };
    const markersOfA = [a.name, a.slug, a.description ?? ""];
    const services = await Promise.all(
      booted.services.map(async (service): Promise<ServiceUnderSweep> => {
        const [member, outsider, ownerOfA] = await Promise.all(
          ["sweep-member", "tenant-b-owner", "tenant-a-owner"].map((label) => service.createPerson(label)),
        );
        if (!member || !outsider || !ownerOfA) throw new Error(`could not create the people of ${service.name}`);
        const sweep = await createOrganization(database, `Sweep ${service.name}`);
        await addMember(database, sweep.id, member, "owner");
        await makePlatformAdmin(database, member);
        await addMember(database, b.id, outsider, "owner");
        await addMember(database, a.id, ownerOfA, "owner");
        const seedIn = (organizationId: string, owner: SweepPerson) =>
          service.seed?.({
            id: organizationId,
            owner,
            addMember: (person, role) => addMember(database, organizationId, person, role),
          }) ?? Promise.resolve(null);
        const [objectsOfA, objectsOfB] = await Promise.all([seedIn(a.id, ownerOfA), seedIn(b.id, outsider)]);
        return {
          service,
          procedures: catalogProcedures(service.router),
          sweepOrganizationId: sweep.id,
          member: sessionOf(member),
          outsider: sessionOf(outsider),
          ownerOfA,
          objectsOfA,
          idsOfB: { ...objectsOfB?.ids, userId: [outsider.userId, ...(objectsOfB?.ids.userId ?? [])] },
        };
      }),
    );
    const idsOfB: Record<string, string[]> = { organizationId: [b.id] };
    for (const service of services) mergeIds(idsOfB, service.idsOfB);
    for (const { ownerOfA, objectsOfA } of services) {
      mergeIds(idsOfA, { userId: [ownerOfA.userId] });
      markersOfA.push(ownerOfA.email);
      if (!objectsOfA) continue;
      mergeIds(idsOfA, objectsOfA.ids);
      markersOfA.push(...objectsOfA.markers);
    }
    return {
      organizations: { a: a.id, b: b.id },
      services,
      idsOfA,
      idsOfB,
      markersOfA: [...new Set(markersOfA.filter((marker) => marker.length >= 6))],
      close: booted.close,
    };
  } catch (error) {
    await booted.close();
    throw error;
  }
}
