import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { sql, type Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../schema/database.generated";
import { createTenant, type TenantFixture } from "../tenancy/fixtures/core";
import { withSystem, withTenant } from "../tenant";

let database: TestDatabase;
let tenant: TenantFixture;
let other: TenantFixture;
const people = { member: "", teamMember: "", roleHolder: "", viewer: "", admin: "" };
const buckets = { open: "", closed: "" };
const objects: Record<string, string> = {};

type Person = keyof typeof people;

async function addPerson(trx: Transaction<Database>, role: string): Promise<string> {
  const user = await trx
    .insertInto("users")
    .values({ email: `${role}-${crypto.randomUUID()}@example.test`, display_name: role })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("organization_users")
    .values({ organization_id: tenant.organizationId, user_id: user.id, role })
    .execute();
  return user.id;
}

async function grant(trx: Transaction<Database>, object: string, type: string, entity: string, permission: string) {
  await trx
    .insertInto("access_controls")
    .values({
      organization_id: tenant.organizationId,
      object_id: objects[object],
      entity_type: type,
      entity_id: entity,
      permission,
    })
    .execute();
}

function as<T>(person: Person | null, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const userId = person === null ? null : people[person];
  return withTenant(database.db, { userId, organizationId: tenant.organizationId }, work);
}

function visibleNames(person: Person | null): Promise<string[]> {
  return as(person, async (trx) =>
    (await trx.selectFrom("storage.objects").select("name").orderBy("name").execute()).map((row) => row.name),
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  await withSystem(database.db, async (trx) => {
    tenant = await createTenant(trx, "storage-access");
    other = await createTenant(trx, "storage-other");
    people.member = await addPerson(trx, "member");
    people.teamMember = await addPerson(trx, "member");
    people.roleHolder = await addPerson(trx, "member");
    people.viewer = await addPerson(trx, "viewer");
    people.admin = await addPerson(trx, "admin");
    await trx
      .insertInto("team_members")
      .values({ organization_id: tenant.organizationId, team_id: tenant.teamId, user_id: people.teamMember })
      .execute();
    const role = await trx
      .insertInto("roles")
      .values({ organization_id: tenant.organizationId, name: "archivist" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("user_roles")
      .values({ organization_id: tenant.organizationId, user_id: people.roleHolder, role_id: role.id })
      .execute();
    const memberRole = await trx
      .selectFrom("roles")
      .select("id")
      .where("name", "=", "member")
      .where("organization_id", "is", null)
      .executeTakeFirstOrThrow();

    for (const [key, defaultAccess] of [
      ["open", "write"],
      ["closed", "none"],
    ] as const) {
      const bucket = await trx
        .insertInto("storage.buckets")
        .values({ organization_id: tenant.organizationId, name: key, default_access: defaultAccess })
        .returning("id")
        .executeTakeFirstOrThrow();
      buckets[key] = bucket.id;
    }
    const seeded: [name: string, bucket: keyof typeof buckets, owner: string | null][] = [
      ["shared.txt", "open", tenant.userId],
      ["closed/own.txt", "closed", people.member],
      ["closed/for-user.txt", "closed", null],
      ["closed/for-team.txt", "closed", null],
      ["closed/for-org.txt", "closed", null],
      ["closed/for-role.txt", "closed", null],
      ["closed/for-members.txt", "closed", null],
      ["closed/secret.txt", "closed", tenant.userId],
    ];
    for (const [name, bucket, owner] of seeded) {
      const row = await trx
        .insertInto("storage.objects")
        .values({ organization_id: tenant.organizationId, bucket_id: buckets[bucket], name, owner, size: 1 })
        .returning("id")
        .executeTakeFirstOrThrow();
      objects[name] = row.id;
      await trx
        .insertInto("file_metadata")
        .values({ organization_id: tenant.organizationId, object_id: row.id, title: name })
        .execute();
    }
    await grant(trx, "closed/for-user.txt", "user", people.member, "read");
    await grant(trx, "closed/for-team.txt", "team", tenant.teamId, "read");
    await grant(trx, "closed/for-org.txt", "organization", tenant.organizationId, "read");
    await grant(trx, "closed/for-role.txt", "role", role.id, "read");
    // Granted to the built-in role every plain member holds through their membership.
    await grant(trx, "closed/for-members.txt", "role", memberRole.id, "read");
  });
});

afterAll(async () => {
  await database?.destroy();
});

describe("object visibility", () => {
  it("shows a member every object of a bucket whose default is write", async () => {
    expect(await visibleNames("viewer")).toContain("shared.txt");
    expect(await visibleNames("member")).toContain("shared.txt");
  });

  it("shows a member of a 'none' bucket only their own objects and those granted to them", async () => {
    const granted = ["closed/for-members.txt", "closed/for-org.txt"];
    expect(await visibleNames("member")).toEqual([...granted, "closed/for-user.txt", "closed/own.txt", "shared.txt"]);
    expect(await visibleNames("teamMember")).toEqual([...granted, "closed/for-team.txt", "shared.txt"]);
    expect(await visibleNames("roleHolder")).toEqual([...granted, "closed/for-role.txt", "shared.txt"]);
    // A viewer does not hold the built-in member role.
    expect(await visibleNames("viewer")).toEqual(["closed/for-org.txt", "shared.txt"]);
  });

  it("shows the organization's admins and owner every object", async () => {
    expect(await visibleNames("admin")).toHaveLength(Object.keys(objects).length);
    const asOwner = await withTenant(
      database.db,
      { userId: tenant.userId, organizationId: tenant.organizationId },
      (trx) => trx.selectFrom("storage.objects").select("id").execute(),
    );
    expect(asOwner).toHaveLength(Object.keys(objects).length);
  });

  it("shows nothing to a request without a user, nor to another organization's owner naming this one", async () => {
    expect(await visibleNames(null)).toEqual([]);
    const outsider = await withTenant(
      database.db,
      { userId: other.userId, organizationId: tenant.organizationId },
      (trx) => trx.selectFrom("storage.objects").select("id").execute(),
    );
    expect(outsider).toEqual([]);
    const fromOwnOrganization = await withTenant(
      database.db,
      { userId: other.userId, organizationId: other.organizationId },
      (trx) => trx.selectFrom("storage.objects").select("id").execute(),
    );
    expect(fromOwnOrganization).toEqual([]);
  });

  it("shows file metadata only with its object", async () => {
    const titles = await as("teamMember", (trx) =>
      trx.selectFrom("file_metadata").select("title").orderBy("title").execute(),
    );
    expect(titles.map((row) => row.title)).toEqual([
      "closed/for-members.txt",
      "closed/for-org.txt",
      "closed/for-team.txt",
      "shared.txt",
    ]);
  });

  it("shows grants only on objects the caller sees", async () => {
    const grantedObjects = await as("teamMember", async (trx) =>
      (await trx.selectFrom("access_controls").select("object_id").execute()).map((row) => row.object_id),
    );
    expect(grantedObjects.sort()).toEqual(
      ["closed/for-members.txt", "closed/for-org.txt", "closed/for-team.txt"].map((name) => objects[name]).sort(),
    );
  });

  it("answers caller_access_rank for the caller, and 0 without one", async () => {
    const rank = (person: Person | null, name: string, bucket: keyof typeof buckets, owner: string | null) =>
      as(person, async (trx) => {
        const { rows } = await sql<{ rank: number }>`
          select storage.caller_access_rank(${buckets[bucket]}, ${objects[name]}, ${owner}) as rank
        `.execute(trx);
        return rows[0]?.rank;
      });
    expect(await rank("member", "closed/own.txt", "closed", people.member)).toBe(4);
    expect(await rank("member", "closed/for-user.txt", "closed", null)).toBe(1);
    expect(await rank("member", "closed/secret.txt", "closed", tenant.userId)).toBe(0);
    expect(await rank("member", "shared.txt", "open", tenant.userId)).toBe(2);
    expect(await rank("admin", "closed/secret.txt", "closed", tenant.userId)).toBe(4);
    expect(await rank(null, "shared.txt", "open", null)).toBe(0);
  });
});
