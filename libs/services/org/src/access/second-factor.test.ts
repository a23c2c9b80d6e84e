import { generateApiToken } from "@cauldron/rpc";
import { failureOf } from "@cauldron/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;

beforeAll(async () => {
  kit = await startOrgTestKit();
});

afterEach(async () => {
  await setSystemMfaRequired(false);
});

afterAll(async () => {
  await kit?.close();
});

async function setSystemMfaRequired(required: boolean): Promise<void> {
  await kit.database.ownerDb
    .updateTable("admin.system_settings")
    .set({ value: JSON.stringify(required) })
    .where("key", "=", "security.mfa_required")
    .execute();
}

async function ownerOfNewOrganization(): Promise<{ owner: TestUser; organizationId: string }> {
  const owner = await kit.createUser("owner");
  const organization = await kit.as(owner).org.create.mutate({ name: `Guarded ${owner.id.slice(0, 8)}` });
  return { owner, organizationId: organization.id };
}

function verifiedClient(user: TestUser, organizationId: string) {
  return kit.service.signer
    .issueAccessToken({ userId: user.id, aal: "aal2" })
    .then((token) => kit.service.client({ token, organizationId }));
}

async function apiTokenOf(user: TestUser, aal: "aal1" | "aal2"): Promise<string> {
  const issued = generateApiToken();
  await kit.database.ownerDb
    .insertInto("api_tokens")
    .values({
      user_id: user.id,
      name: aal,
      prefix: issued.prefix,
      secret_hash: issued.secretHash,
      scopes: ["members:read"],
      aal,
    })
    .execute();
  return issued.token;
}

describe("second factor on organization data", () => {
  it("asks a user who enrolled a second factor to verify it before reading an organization", async () => {
    const { owner, organizationId } = await ownerOfNewOrganization();
    await kit.database.ownerDb
      .updateTable("users")
      .set({ mfa_enabled_at: new Date() })
      .where("id", "=", owner.id)
      .execute();

    const refused = await failureOf(kit.as(owner, organizationId).org.members.list.query({}));
    expect(refused.data).toMatchObject({ code: "FORBIDDEN", reason: "mfa_required" });
    expect(refused.message).toContain("auth.mfa.verify");
    const members = await (await verifiedClient(owner, organizationId)).org.members.list.query({});
    expect(members.items.map((member) => member.userId)).toEqual([owner.id]);
  });

  it("enforces an organization's security.mfa_required on every member, and only there", async () => {
    const { owner, organizationId } = await ownerOfNewOrganization();
    const elsewhere = await kit.as(owner).org.create.mutate({ name: `Relaxed ${owner.id.slice(0, 8)}` });
    await kit.as(owner, organizationId).org.settings.set.mutate({ key: "security.mfa_required", value: true });

    const refused = await failureOf(kit.as(owner, organizationId).org.get.query());
    expect(refused.data).toMatchObject({ code: "FORBIDDEN", reason: "mfa_required" });
    expect(refused.message).toContain("auth.mfa.enroll");
    expect((await (await verifiedClient(owner, organizationId)).org.get.query()).id).toBe(organizationId);
    expect((await kit.as(owner, elsewhere.id).org.get.query()).id).toBe(elsewhere.id);
  });

  it("enforces the system's security.mfa_required in every organization, which none can lift", async () => {
    const { owner, organizationId } = await ownerOfNewOrganization();
    await kit.as(owner, organizationId).org.settings.set.mutate({ key: "security.mfa_required", value: false });
    await setSystemMfaRequired(true);

    const refused = await failureOf(kit.as(owner, organizationId).org.members.list.query({}));
    expect(refused.data).toMatchObject({ code: "FORBIDDEN", reason: "mfa_required" });
    expect((await (await verifiedClient(owner, organizationId)).org.members.list.query({})).items).toHaveLength(1);
  });

  it("lets an API token in only when it was created from a session verified with a second factor", async () => {
    const { owner, organizationId } = await ownerOfNewOrganization();
    await kit.database.ownerDb
      .updateTable("users")
      .set({ mfa_enabled_at: new Date() })
      .where("id", "=", owner.id)
      .execute();

    const weak = await failureOf(
      kit.service.client({ token: await apiTokenOf(owner, "aal1"), organizationId }).org.members.list.query({}),
    );
    expect(weak.data).toMatchObject({ code: "FORBIDDEN", reason: "mfa_required" });
    expect(weak.message).toContain("create a new token");
    const strong = kit.service.client({ token: await apiTokenOf(owner, "aal2"), organizationId });
    expect((await strong.org.members.list.query({})).items).toHaveLength(1);
  });
});
