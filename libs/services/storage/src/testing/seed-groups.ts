import type { TestPerson } from "@cauldron/testing";
import { randomBytes } from "node:crypto";
import type { StorageTestKit } from "./storage-test-kit";

/** A team of the organization with these members, written straight into the test database; answers its id. */
export async function createTeam(kit: StorageTestKit, organizationId: string, members: TestPerson[]): Promise<string> {
  const { id } = await kit.database.ownerDb
    .insertInto("teams")
    .values({ organization_id: organizationId, name: `team ${randomBytes(4).toString("hex")}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const member of members) {
    await kit.database.ownerDb
      .insertInto("team_members")
      .values({ organization_id: organizationId, team_id: id, user_id: member.id })
      .execute();
  }
  return id;
}

/** A custom role of the organization held by these people; answers its id. */
export async function createRole(kit: StorageTestKit, organizationId: string, holders: TestPerson[]): Promise<string> {
  const { id } = await kit.database.ownerDb
    .insertInto("roles")
    .values({ organization_id: organizationId, name: `role_${randomBytes(4).toString("hex")}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const holder of holders) {
    await kit.database.ownerDb
      .insertInto("user_roles")
      .values({ organization_id: organizationId, role_id: id, user_id: holder.id })
      .execute();
  }
  return id;
}
