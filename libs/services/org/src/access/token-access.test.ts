import { generateApiToken } from "@cauldron/rpc";
import { failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;

beforeAll(async () => {
  kit = await startOrgTestKit();
});

afterAll(async () => {
  await kit?.close();
});

/** An API token of `user`, stored the way the auth service stores one. */
async function apiTokenOf(
  user: TestUser,
  scopes: string[],
  options: { organizationId?: string } = {},
): Promise<string> {
  const issued = generateApiToken();
  await kit.database.ownerDb
    .insertInto("api_tokens")
    .values({
      user_id: user.id,
      name: scopes.join(" "),
      prefix: issued.prefix,
      secret_hash: issued.secretHash,
      scopes,
      organization_id: options.organizationId ?? null,
    })
    .execute();
  return issued.token;
}

async function organizationOf(owner: TestUser): Promise<string> {
  return (await kit.as(owner).org.create.mutate({ name: `Tokens ${owner.id.slice(0, 8)}` })).id;
}

async function invite(owner: TestUser, organizationId: string, invitee: TestUser): Promise<string> {
  await kit.as(owner, organizationId).org.invitations.create.mutate({ email: invitee.email, role: "member" });
  return kit.invitationTokenFor(invitee.email);
}

describe("API token scopes on procedures without a permission check", () => {
  it("refuses a documents:read token on org.create, org.leave, org.transferOwnership and invitations.accept", async () => {
    const owner = await kit.createUser("owner");
    const organizationId = await organizationOf(owner);
    const colleague = await kit.createUser("colleague");
    await kit.join(owner, organizationId, colleague);
    const invitee = await kit.createUser("invitee");
    const invitation = await invite(owner, organizationId, invitee);

    const ownerToken = await apiTokenOf(owner, ["documents:read"]);
    const asOwner = kit.service.client({ token: ownerToken, organizationId });
    const refusals = [
      await failureOf(asOwner.org.create.mutate({ name: "Made by a reading token" })),
      await failureOf(asOwner.org.leave.mutate()),
      await failureOf(asOwner.org.transferOwnership.mutate({ userId: colleague.id })),
      await failureOf(
        kit.service
          .client({ token: await apiTokenOf(invitee, ["documents:read"]) })
          .org.invitations.accept.mutate({ token: invitation }),
      ),
    ];
    for (const refusal of refusals) expect(refusal.data).toMatchObject({ code: "FORBIDDEN", reason: "token_scope" });

    const members = await kit.as(owner, organizationId).org.members.list.query({});
    expect(members.items.map((member) => [member.userId, member.role])).toEqual([
      [owner.id, "owner"],
      [colleague.id, "member"],
    ]);
    expect((await kit.as(owner).org.listMine.query({})).items).toHaveLength(1);
  });

  it("lets a token with the declared scope call each of them", async () => {
    const owner = await kit.createUser("owner");
    const creator = kit.service.client({ token: await apiTokenOf(owner, ["organizations:create"]) });
    const organizationId = (await creator.org.create.mutate({ name: "Made by a token" })).id;
    const colleague = await kit.createUser("colleague");
    await kit.join(owner, organizationId, colleague);

    const transfer = kit.service.client({ token: await apiTokenOf(owner, ["organizations:transfer"]), organizationId });
    const transferred = await transfer.org.transferOwnership.mutate({ userId: colleague.id });
    expect(transferred.owner).toMatchObject({ userId: colleague.id, role: "owner" });

    const leave = kit.service.client({ token: await apiTokenOf(owner, ["organizations:leave"]), organizationId });
    expect(await leave.org.leave.mutate()).toMatchObject({ userId: owner.id });

    const invitee = await kit.createUser("invitee");
    const invitation = await invite(colleague, organizationId, invitee);
    const respond = kit.service.client({ token: await apiTokenOf(invitee, ["invitations:respond"]) });
    expect(await respond.org.invitations.accept.mutate({ token: invitation })).toMatchObject({ organizationId });
  });
});

describe("API tokens bound to one organization", () => {
  it("act in their organization only, and reach nothing outside it", async () => {
    const owner = await kit.createUser("owner");
    const bound = await organizationOf(owner);
    const other = await organizationOf(owner);
    const token = await apiTokenOf(owner, ["members:read", "organizations:read"], { organizationId: bound });

    const inBound = await kit.service.client({ token, organizationId: bound }).org.members.list.query({});
    expect(inBound.items.map((member) => member.userId)).toEqual([owner.id]);

    const elsewhere = await failureOf(kit.service.client({ token, organizationId: other }).org.members.list.query({}));
    expect(elsewhere.data).toMatchObject({ code: "FORBIDDEN", reason: "token_organization" });
    const outside = await failureOf(kit.service.client({ token }).org.listMine.query({}));
    expect(outside.data).toMatchObject({ code: "FORBIDDEN", reason: "token_organization" });
    // The same scopes unbound reach both organizations.
    const unbound = await apiTokenOf(owner, ["members:read", "organizations:read"]);
    expect((await kit.service.client({ token: unbound }).org.listMine.query({})).items).toHaveLength(2);
  });
});

describe("invitations and unconfirmed email addresses", () => {
  it("refuses to accept before the invitee has confirmed their address, and accepts once they have", async () => {
    const owner = await kit.createUser("owner");
    const organizationId = await organizationOf(owner);
    const invitee = await kit.createUser("unconfirmed", { emailConfirmed: false });
    const invitation = await invite(owner, organizationId, invitee);

    const refused = await failureOf(kit.as(invitee).org.invitations.accept.mutate({ token: invitation }));
    expect(refused.data).toMatchObject({ code: "FORBIDDEN", reason: "email_unverified" });
    const members = await kit.as(owner, organizationId).org.members.list.query({});
    expect(members.items.map((member) => member.userId)).toEqual([owner.id]);

    await kit.database.ownerDb
      .updateTable("users")
      .set({ email_verified_at: new Date() })
      .where("id", "=", invitee.id)
      .execute();
    expect(await kit.as(invitee).org.invitations.accept.mutate({ token: invitation })).toMatchObject({
      organizationId,
    });
  });
});
