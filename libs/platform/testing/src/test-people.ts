import { randomBytes } from "node:crypto";
import type { OrganizationRole } from "@cauldron/contracts";
import type { TestDatabase } from "./test-database";

/** A person in a test: their user row and an access token the service under test accepts. */
export interface TestPerson {
  id: string;
  email: string;
  token: string;
}

/** An organization in a test with its owner. */
export interface TestOrganization {
  id: string;
  owner: TestPerson;
}

/** People and organizations written straight into a test database. */
export interface TestPeople {
  createUser(label?: string): Promise<TestPerson>;
  /** A new organization owned by a new user. */
  createOrganization(label?: string): Promise<TestOrganization>;
  /** Adds `user` to the organization with `role` (owner, admin, member, viewer). */
  addMember(organizationId: string, user: TestPerson, role: OrganizationRole): Promise<void>;
}

/** Creates people whose tokens come from `signer` (the test signer of the service they call). */
export function createTestPeople(
  database: TestDatabase,
  signer: { issueAccessToken(claims: { userId: string }): Promise<string> },
): TestPeople {
  async function createUser(label = "person"): Promise<TestPerson> {
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
    return { ...row, token: await signer.issueAccessToken({ userId: row.id }) };
  }

  async function addMember(organizationId: string, user: TestPerson, role: OrganizationRole): Promise<void> {
    await database.ownerDb
      .insertInto("organization_users")
      .values({ organization_id: organizationId, user_id: user.id, role })
      .execute();
  }

  return {
    createUser,
    addMember,
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
  };
}
