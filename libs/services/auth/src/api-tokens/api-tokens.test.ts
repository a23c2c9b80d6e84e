import { failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness, type TestAccount } from "../testing/auth-harness";
import { startPeerService } from "../testing/peer-service";

let harness: AuthHarness;
let peer: Awaited<ReturnType<typeof startPeerService>>;
let owner: TestAccount;
let organizationId: string;

beforeAll(async () => {
  harness = await startAuthHarness();
  peer = await startPeerService(harness);
  owner = await harness.signUp("token-owner", { confirmEmail: true });
  organizationId = await harness.createOrganization(owner.userId, "owner");
});

afterAll(async () => {
  await peer?.close();
  await harness?.close();
});

async function createToken(scopes: string[], expiresAt?: Date) {
  return harness
    .client(owner.session.accessToken)
    .auth.apiTokens.create.mutate({ name: `token ${scopes.join(" ")}`, scopes, expiresAt });
}

describe("API tokens", () => {
  it("shows the secret once and lists the token by its prefix only", async () => {
    const created = await createToken(["documents:read"]);
    expect(created.token).toMatch(/^cst_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    const listed = (await harness.client(owner.session.accessToken).auth.apiTokens.list.query()).items;
    const entry = listed.find((token) => token.id === created.id);
    expect(entry).toMatchObject({ prefix: created.prefix, scopes: ["documents:read"], revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const row = await harness.database.ownerDb
      .selectFrom("api_tokens")
      .select("secret_hash")
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(created.token).not.toContain(row.secret_hash);
  });

  it("pages through the owner's tokens newest first with the shared cursor", async () => {
    const client = harness.client(owner.session.accessToken);
    const newest = [await createToken(["documents:read"]), await createToken(["documents:write"])].reverse();
    const first = await client.auth.apiTokens.list.query({ limit: 1 });
    expect(first.items.map((token) => token.id)).toEqual([newest[0]?.id]);
    const second = await client.auth.apiTokens.list.query({ limit: 1, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((token) => token.id)).toEqual([newest[1]?.id]);
    expect((await failureOf(client.auth.apiTokens.list.query({ cursor: "not-ours" }))).data.code).toBe("BAD_REQUEST");
  });

  it("authenticates to another service, limited to its scopes", async () => {
    const created = await createToken(["documents:read"]);
    const client = peer.client({ token: created.token, organizationId });
    expect(await client.peer.whoAmI.query()).toMatchObject({
      kind: "api_token",
      userId: owner.userId,
      scopes: ["documents:read"],
    });
    expect(await client.peer.readDocuments.query()).toBe("read");
    expect((await failureOf(client.peer.deleteDocuments.query())).data.code).toBe("FORBIDDEN");
    // The owner's own session holds both.
    expect(await peer.client({ token: owner.session.accessToken, organizationId }).peer.deleteDocuments.query()).toBe(
      "deleted",
    );
  });

  it("never grants more than the owner holds, whatever the scopes say", async () => {
    const viewer = await harness.signUp("viewer", { confirmEmail: true });
    await harness.addMember(organizationId, viewer.userId, "viewer");
    const token = await harness
      .client(viewer.session.accessToken)
      .auth.apiTokens.create.mutate({ name: "wide", scopes: ["*:*"] });
    const client = peer.client({ token: token.token, organizationId });
    expect(await client.peer.readDocuments.query()).toBe("read");
    expect((await failureOf(client.peer.deleteDocuments.query())).data.code).toBe("FORBIDDEN");
  });

  it("answers me and can for the token, narrowed by its scopes", async () => {
    const created = await createToken(["documents:read"]);
    const client = harness.client(created.token);
    const me = await client.auth.me.query();
    expect(me.session).toBeNull();
    expect(me.scopes).toEqual(["documents:read"]);
    expect(
      me.organizations.find((organization) => organization.organizationId === organizationId)?.permissions,
    ).toEqual(["documents:read"]);
    expect(await client.auth.can.query({ permission: "documents:read", organizationId })).toEqual({ allowed: true });
    expect(await client.auth.can.query({ permission: "documents:delete", organizationId })).toEqual({ allowed: false });
  });

  it("cannot manage the account: sessions, tokens and passwords need a signed-in session", async () => {
    const created = await createToken(["*:*"]);
    const client = harness.client(created.token);
    expect((await failureOf(client.auth.sessions.list.query())).data.code).toBe("FORBIDDEN");
    expect(
      (await failureOf(client.auth.apiTokens.create.mutate({ name: "child", scopes: ["documents:read"] }))).data.code,
    ).toBe("FORBIDDEN");
  });

  it("refuses a documents:read token on every account procedure that changes something", async () => {
    const client = harness.client((await createToken(["documents:read"])).token);
    const changes = [
      client.auth.signOut.mutate(),
      client.auth.profile.update.mutate({ displayName: "renamed by a token" }),
      client.auth.password.change.mutate({ currentPassword: owner.password, newPassword: "a token's new password" }),
      client.auth.email.requestConfirmation.mutate(),
      client.auth.settings.set.mutate({ key: "theme", value: "dark" }),
      client.auth.sessions.revokeOthers.mutate(),
      client.auth.apiTokens.create.mutate({ name: "child", scopes: ["documents:read"] }),
      client.auth.mfa.enroll.mutate(),
      client.auth.roles.create.mutate({ organizationId, name: "token_made", permissions: ["documents:read"] }),
    ];
    for (const change of changes) {
      expect((await failureOf(change)).data).toMatchObject({ code: "FORBIDDEN", reason: "token_scope" });
    }
    const me = await harness.client(owner.session.accessToken).auth.me.query();
    expect(me.user.displayName).toBe("token-owner");
  });

  it("reads what its scope covers outside organizations, and nothing else", async () => {
    const reader = harness.client((await createToken(["account:read"])).token);
    expect(await reader.auth.settings.get.query()).toEqual([]);
    const other = harness.client((await createToken(["documents:read"])).token);
    expect((await failureOf(other.auth.settings.get.query())).data).toMatchObject({
      code: "FORBIDDEN",
      reason: "token_scope",
    });
    expect((await failureOf(other.auth.roles.list.query({ organizationId }))).data.reason).toBe("token_scope");
  });

  it("records the last use without writing on every request", async () => {
    const created = await createToken(["documents:read"]);
    await peer.client({ token: created.token }).peer.whoAmI.query();
    const first = await harness.database.ownerDb
      .selectFrom("api_tokens")
      .select("last_used_at")
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(first.last_used_at).toBeInstanceOf(Date);
    await peer.client({ token: created.token }).peer.whoAmI.query();
    const second = await harness.database.ownerDb
      .selectFrom("api_tokens")
      .select("last_used_at")
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(second.last_used_at).toEqual(first.last_used_at);
    const listed = (await harness.client(owner.session.accessToken).auth.apiTokens.list.query()).items;
    expect(listed.find((token) => token.id === created.id)?.lastUsedAt).toEqual(first.last_used_at);
  });

  it("stops working at once when revoked, and is recorded as revoked", async () => {
    const created = await createToken(["documents:read"]);
    expect(await peer.client({ token: created.token }).peer.whoAmI.query()).toMatchObject({ kind: "api_token" });
    const revoked = await harness
      .client(owner.session.accessToken)
      .auth.apiTokens.revoke.mutate({ tokenId: created.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect((await failureOf(peer.client({ token: created.token }).peer.whoAmI.query())).data.code).toBe("UNAUTHORIZED");
    const again = await failureOf(
      harness.client(owner.session.accessToken).auth.apiTokens.revoke.mutate({ tokenId: created.id }),
    );
    expect(again.data.code).toBe("NOT_FOUND");
    const events = await harness.database.ownerDb
      .selectFrom("integration.outbox")
      .select("event_type")
      .where("event_type", "in", ["api_token.created", "api_token.revoked"])
      .where("payload", "@>", JSON.stringify({ apiTokenId: created.id }))
      .execute();
    expect(events.map((event) => event.event_type).sort()).toEqual(["api_token.created", "api_token.revoked"]);
  });

  it("refuses expired, malformed and forged tokens", async () => {
    const expiring = await createToken(["documents:read"], new Date(Date.now() + 60_000));
    await harness.database.ownerDb
      .updateTable("api_tokens")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", expiring.id)
      .execute();
    expect((await failureOf(peer.client({ token: expiring.token }).peer.whoAmI.query())).data.code).toBe(
      "UNAUTHORIZED",
    );
    expect((await failureOf(peer.client({ token: "cst_not-a-token" }).peer.whoAmI.query())).data.code).toBe(
      "UNAUTHORIZED",
    );
    const valid = await createToken(["documents:read"]);
    const forged = `${valid.prefix}_${"A".repeat(43)}`;
    expect((await failureOf(peer.client({ token: forged }).peer.whoAmI.query())).data.code).toBe("UNAUTHORIZED");
  });

  it("validates scopes and expiry on creation", async () => {
    const client = harness.client(owner.session.accessToken);
    const badScope = await failureOf(client.auth.apiTokens.create.mutate({ name: "bad", scopes: ["documents"] }));
    expect(Object.keys(badScope.data.fieldErrors ?? {})).toEqual(["scopes.0"]);
    const past = await failureOf(
      client.auth.apiTokens.create.mutate({ name: "past", scopes: ["documents:read"], expiresAt: new Date(0) }),
    );
    expect(past.data.fieldErrors?.expiresAt).toBeDefined();
  });

  it("stops working at once when its owner is disabled", async () => {
    const holder = await harness.signUp("holder", { confirmEmail: true });
    const token = await harness
      .client(holder.session.accessToken)
      .auth.apiTokens.create.mutate({ name: "ci", scopes: ["documents:read"] });
    expect(await peer.client({ token: token.token }).peer.whoAmI.query()).toMatchObject({ userId: holder.userId });
    await harness.database.ownerDb
      .updateTable("users")
      .set({ disabled_at: new Date() })
      .where("id", "=", holder.userId)
      .execute();
    expect((await failureOf(peer.client({ token: token.token }).peer.whoAmI.query())).data.code).toBe("UNAUTHORIZED");
  });
});

describe("API token limits", () => {
  it("refuses to create tokens before the owner's email address is confirmed", async () => {
    const unconfirmed = await harness.signUp("unconfirmed");
    const client = harness.client(unconfirmed.session.accessToken);
    const refused = await failureOf(client.auth.apiTokens.create.mutate({ name: "early", scopes: ["documents:read"] }));
    expect(refused.data).toMatchObject({ code: "FORBIDDEN", reason: "email_unverified" });
    expect((await client.auth.apiTokens.list.query()).items).toEqual([]);
  });

  it("gives a token without an expiry the longest lifetime, and refuses a longer one", async () => {
    const before = Date.now();
    const created = await createToken(["documents:read"]);
    const lifetimeDays = ((created.expiresAt?.getTime() ?? 0) - before) / 86_400_000;
    expect(lifetimeDays).toBeGreaterThan(364.99);
    expect(lifetimeDays).toBeLessThan(365.01);
    const tooLong = await failureOf(createToken(["documents:read"], new Date(before + 366 * 86_400_000)));
    expect(tooLong.data.code).toBe("BAD_REQUEST");
    expect(tooLong.message).toContain("365 days");
  });

  it("binds a token to one organization of its owner, and to no organization they are not in", async () => {
    const client = harness.client(owner.session.accessToken);
    const bound = await client.auth.apiTokens.create.mutate({
      name: "bound",
      scopes: ["documents:read"],
      organizationId,
    });
    expect(bound).toMatchObject({ organizationId, aal: "aal1" });
    expect(await peer.client({ token: bound.token, organizationId }).peer.readDocuments.query()).toBe("read");
    const otherOrganization = await harness.createOrganization(owner.userId, "owner");
    const elsewhere = await failureOf(
      peer.client({ token: bound.token, organizationId: otherOrganization }).peer.readDocuments.query(),
    );
    expect(elsewhere.data).toMatchObject({ code: "FORBIDDEN", reason: "token_organization" });
    const me = await harness.client(bound.token).auth.me.query();
    expect(me.organizations.map((organization) => organization.organizationId)).toEqual([organizationId]);

    const stranger = await harness.signUp("stranger", { confirmEmail: true });
    const notMine = await failureOf(
      harness
        .client(stranger.session.accessToken)
        .auth.apiTokens.create.mutate({ name: "x", scopes: ["documents:read"], organizationId }),
    );
    expect(notMine.data.code).toBe("FORBIDDEN");
  });

  it("is created only from a verified session when the platform requires a second factor", async () => {
    const setMfaRequired = (value: boolean) =>
      harness.database.ownerDb
        .updateTable("admin.system_settings")
        .set({ value: JSON.stringify(value) })
        .where("key", "=", "security.mfa_required")
        .execute();
    await setMfaRequired(true);
    try {
      const refused = await failureOf(createToken(["documents:read"]));
      expect(refused.data).toMatchObject({ code: "FORBIDDEN", reason: "mfa_required" });
    } finally {
      await setMfaRequired(false);
    }
  });

  it("is revoked with every session when the password is reset", async () => {
    const account = await harness.signUp("resetting", { confirmEmail: true });
    const client = harness.client(account.session.accessToken);
    const token = await client.auth.apiTokens.create.mutate({ name: "ci", scopes: ["documents:read"] });
    expect(await peer.client({ token: token.token }).peer.whoAmI.query()).toMatchObject({ userId: account.userId });

    await harness.client().auth.password.requestReset.mutate({ email: account.email });
    const { link } = await harness.emailTo(account.email);
    const resetToken = new URL(link ?? "").searchParams.get("token") ?? "";
    await harness.client().auth.password.reset.mutate({ token: resetToken, newPassword: "a brand new passphrase" });

    for (const credential of [token.token, account.session.accessToken]) {
      expect((await failureOf(peer.client({ token: credential }).peer.whoAmI.query())).data.code).toBe("UNAUTHORIZED");
    }
    const stored = await harness.database.ownerDb
      .selectFrom("api_tokens")
      .select("revoked_at")
      .where("id", "=", token.id)
      .executeTakeFirstOrThrow();
    expect(stored.revoked_at).toBeInstanceOf(Date);
  });
});
