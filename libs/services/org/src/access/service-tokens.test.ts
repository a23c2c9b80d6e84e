import { failureOf, issueServiceToken, TEST_SERVICE_TOKEN_SECRET } from "@cauldron/testing";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;
let owner: TestUser;
let viewer: TestUser;
let acme: string;
let globex: string;

beforeAll(async () => {
  kit = await startOrgTestKit();
  owner = await kit.createUser("owner");
  viewer = await kit.createUser("viewer");
  acme = (await kit.as(owner).org.create.mutate({ name: "Acme" })).id;
  globex = (await kit.as(owner).org.create.mutate({ name: "Globex" })).id;
  await kit.join(owner, acme, viewer, "viewer");
});

afterAll(async () => {
  await kit?.close();
});

function asLore(token: string, organizationId: string) {
  return kit.service.client({ token, organizationId });
}

describe("service tokens", () => {
  it("are refused by org when addressed to another service", async () => {
    const token = await issueServiceToken({
      caller: "lore",
      audience: "vector",
      scope: ["members:read"],
      organizationId: acme,
    });
    expect((await failureOf(asLore(token, acme).org.members.list.query({}))).data.code).toBe("UNAUTHORIZED");
  });

  it("are refused once older than the maximum age", async () => {
    const now = Math.floor(Date.now() / 1000);
    const old = await new SignJWT({ scope: ["members:read"], org: acme })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer("cauldron-service")
      .setSubject("lore")
      .setAudience("org")
      .setIssuedAt(now - 600)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(TEST_SERVICE_TOKEN_SECRET));
    expect((await failureOf(asLore(old, acme).org.members.list.query({}))).data.code).toBe("UNAUTHORIZED");
  });

  it("grant only the scope the caller declared: members:read lists members but cannot remove one", async () => {
    const token = await issueServiceToken({
      caller: "lore",
      audience: "org",
      scope: ["members:read"],
      organizationId: acme,
    });
    const members = await asLore(token, acme).org.members.list.query({});
    expect(members.items.map((member) => member.userId).sort()).toEqual([owner.id, viewer.id].sort());
    const removal = await failureOf(asLore(token, acme).org.members.remove.mutate({ userId: viewer.id }));
    expect(removal.data).toMatchObject({ code: "FORBIDDEN", reason: "token_scope" });
    const transfer = await failureOf(asLore(token, acme).org.transferOwnership.mutate({ userId: viewer.id }));
    expect(transfer.data).toMatchObject({ code: "FORBIDDEN", reason: "token_scope" });
  });

  it("act only in the organization they name", async () => {
    const forAcme = await issueServiceToken({
      caller: "lore",
      audience: "org",
      scope: ["members:read"],
      organizationId: acme,
    });
    const inGlobex = await failureOf(asLore(forAcme, globex).org.members.list.query({}));
    expect(inGlobex.data).toMatchObject({ code: "FORBIDDEN", reason: "token_organization" });
    const unnamed = await issueServiceToken({ caller: "lore", audience: "org", scope: ["members:read"] });
    const anywhere = await failureOf(asLore(unnamed, acme).org.members.list.query({}));
    expect(anywhere.data).toMatchObject({ code: "FORBIDDEN", reason: "token_organization" });
  });

  it("run queries as the user they act for, within that user's permissions and assurance", async () => {
    const actingFor = (user: TestUser, aal: "aal1" | "aal2", scope: string[]) =>
      issueServiceToken({
        caller: "lore",
        audience: "org",
        scope,
        organizationId: acme,
        actingUser: { userId: user.id, aal },
      });

    const team = await asLore(await actingFor(owner, "aal1", ["teams:create"]), acme).org.teams.create.mutate({
      name: "Indexers",
    });
    const audit = await kit.as(owner, acme).org.audit.list.query({ action: "team.created" });
    expect(audit.items).toEqual([
      expect.objectContaining({ targetId: team.id, actorUserId: owner.id, actorType: "service" }),
    ]);

    // The viewer may not remove members, whatever the service was granted.
    const asViewer = await actingFor(viewer, "aal1", ["members:remove"]);
    expect((await failureOf(asLore(asViewer, acme).org.members.remove.mutate({ userId: owner.id }))).data.code).toBe(
      "FORBIDDEN",
    );
    // Nor may it reach an organization the viewer does not belong to.
    const outsider = await issueServiceToken({
      caller: "lore",
      audience: "org",
      scope: ["members:read"],
      organizationId: globex,
      actingUser: { userId: viewer.id, aal: "aal1" },
    });
    expect((await failureOf(asLore(outsider, globex).org.members.list.query({}))).data.code).toBe("FORBIDDEN");

    await kit.database.ownerDb
      .updateTable("users")
      .set({ mfa_enabled_at: new Date() })
      .where("id", "=", viewer.id)
      .execute();
    const weak = await failureOf(
      asLore(await actingFor(viewer, "aal1", ["members:read"]), acme).org.members.list.query({}),
    );
    expect(weak.data).toMatchObject({ code: "FORBIDDEN", reason: "mfa_required" });
    const strong = await asLore(await actingFor(viewer, "aal2", ["members:read"]), acme).org.members.list.query({});
    expect(strong.items).toHaveLength(2);
  });
});
