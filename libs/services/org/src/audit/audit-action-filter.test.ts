import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;
let owner: TestUser;
let organizationId: string;

beforeAll(async () => {
  kit = await startOrgTestKit();
  owner = await kit.createUser("owner");
  organizationId = (await kit.as(owner).org.create.mutate({ name: "Filtered Org" })).id;
  await kit.database.ownerDb
    .insertInto("audit.audit_logs")
    .values(
      ["signing_key.rotated", "signingXkey.rotated", "signing_keys.listed"].map((action) => ({
        organization_id: organizationId,
        actor_user_id: owner.id,
        actor_type: "user",
        action,
      })),
    )
    .execute();
});

afterAll(async () => {
  await kit?.close();
});

describe("org.audit.list action prefixes", () => {
  it("take an underscore in the prefix literally", async () => {
    const page = await kit.as(owner, organizationId).org.audit.list.query({ action: "signing_key.*" });
    expect(page.items.map((entry) => entry.action)).toEqual(["signing_key.rotated"]);
  });
});
