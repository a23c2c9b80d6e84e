import { issueServiceToken } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;
let owner: TestUser;
let member: TestUser;
let operator: TestUser;
let organizationId: string;

beforeAll(async () => {
  kit = await startOrgTestKit();
  owner = await kit.createUser("owner");
  member = await kit.createUser("member");
  operator = await kit.createUser("operator");
  organizationId = (await kit.as(owner).org.create.mutate({ name: "Repaired Org" })).id;
  await kit.join(owner, organizationId, member);
  await sql`
    insert into public.user_roles (user_id, role_id, organization_id)
    select ${operator.id}, id, null from public.roles where name = 'platform_admin' and organization_id is null
  `.execute(kit.database.ownerDb);
});

afterAll(async () => {
  await kit?.close();
});

const everyone = () => [
  { userId: owner.id, email: owner.email },
  { userId: member.id, email: member.email },
];

describe("org.members.list for those who look after an organization without belonging to it", () => {
  it("shows a platform administrator every member with their account details", async () => {
    const page = await kit.as(operator, organizationId).org.members.list.query({});
    expect(page.items.map(({ userId, email }) => ({ userId, email }))).toEqual(everyone());
  });

  it("shows a service acting for no user every member with their account details", async () => {
    const token = await issueServiceToken({ caller: "lore", audience: "org", scope: ["members:read"], organizationId });
    const page = await kit.service.client({ token, organizationId }).org.members.list.query({});
    expect(page.items.map(({ userId, email }) => ({ userId, email }))).toEqual(everyone());
  });
});
