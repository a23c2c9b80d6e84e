import { failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeBase32 } from "../mfa/base32";
import { totpCode } from "../mfa/totp";
import { startAuthHarness, type AuthHarness, type TestAccount } from "../testing/auth-harness";
import { startPeerService } from "../testing/peer-service";

let harness: AuthHarness;
let peer: Awaited<ReturnType<typeof startPeerService>>;
let admin: TestAccount;

beforeAll(async () => {
  harness = await startAuthHarness();
  peer = await startPeerService(harness);
  admin = await harness.signUp("platform-admin");
  await harness.makePlatformAdmin(admin.userId);
});

afterAll(async () => {
  await peer?.close();
  await harness?.close();
});

const as = (account: TestAccount) => harness.client(account.session.accessToken);

describe("user administration", () => {
  it("lists users newest first with search and cursor pagination", async () => {
    const created = [];
    for (let index = 0; index < 5; index += 1) created.push(await harness.signUp(`paged${index}`));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await as(admin).auth.admin.users.list.query({ search: "paged", limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(created.map((account) => account.userId).reverse());
    const bad = await failureOf(as(admin).auth.admin.users.list.query({ cursor: "garbage" }));
    expect(bad.data.code).toBe("BAD_REQUEST");
  });

  it("treats search text literally", async () => {
    const page = await as(admin).auth.admin.users.list.query({ search: "%" });
    expect(page.items).toEqual([]);
  });

  it("disables a user: their sessions and API tokens stop at once everywhere, and sign-in is refused", async () => {
    const target = await harness.signUp("to-disable", { confirmEmail: true });
    const token = await as(target).auth.apiTokens.create.mutate({ name: "ci", scopes: ["documents:read"] });
    expect(await peer.client({ token: target.session.accessToken }).peer.whoAmI.query()).toMatchObject({
      userId: target.userId,
    });

    const result = await as(admin).auth.admin.users.disable.mutate({
      userId: target.userId,
      reason: "left the company",
    });
    expect(result.revokedSessions).toBe(1);
    for (const credential of [target.session.accessToken, token.token]) {
      expect((await failureOf(peer.client({ token: credential }).peer.whoAmI.query())).data.code).toBe("UNAUTHORIZED");
      expect((await failureOf(harness.client(credential).auth.me.query())).data.code).toBe("UNAUTHORIZED");
    }
    expect(
      (await failureOf(harness.client().auth.signIn.mutate({ email: target.email, password: target.password }))).data
        .code,
    ).toBe("FORBIDDEN");
    const listed = await as(admin).auth.admin.users.list.query({ search: target.email });
    expect(listed.items[0]?.disabledAt).toBeInstanceOf(Date);

    await as(admin).auth.admin.users.enable.mutate({ userId: target.userId });
    const again = await harness.client().auth.signIn.mutate({ email: target.email, password: target.password });
    expect(await peer.client({ token: again.accessToken }).peer.whoAmI.query()).toMatchObject({
      userId: target.userId,
    });
    expect(await peer.client({ token: token.token }).peer.whoAmI.query()).toMatchObject({ kind: "api_token" });
  });

  it("refuses to disable your own account or an unknown one", async () => {
    expect((await failureOf(as(admin).auth.admin.users.disable.mutate({ userId: admin.userId }))).data.code).toBe(
      "BAD_REQUEST",
    );
    const unknown = await failureOf(
      as(admin).auth.admin.users.disable.mutate({ userId: "00000000-0000-4000-8000-000000000000" }),
    );
    expect(unknown.data.code).toBe("NOT_FOUND");
  });

  it("revokes every session of a user", async () => {
    const target = await harness.signUp("revoke-all");
    const second = await harness.client().auth.signIn.mutate({ email: target.email, password: target.password });
    expect(await as(admin).auth.admin.sessions.revokeAll.mutate({ userId: target.userId })).toEqual({ revoked: 2 });
    expect((await failureOf(harness.client(second.accessToken).auth.me.query())).data.code).toBe("UNAUTHORIZED");
    expect(
      (await failureOf(harness.client().auth.refresh.mutate({ refreshToken: target.session.refreshToken }))).data.code,
    ).toBe("UNAUTHORIZED");
  });

  it("refuses administration to users without users:admin", async () => {
    const user = await harness.signUp("curious");
    expect((await failureOf(as(user).auth.admin.users.list.query({}))).data.code).toBe("FORBIDDEN");
    expect((await failureOf(as(user).auth.admin.sessions.revokeAll.mutate({ userId: admin.userId }))).data.code).toBe(
      "FORBIDDEN",
    );
  });

  it("asks an administrator with a second factor for aal2", async () => {
    const secured = await harness.signUp("secured-admin", { confirmEmail: true });
    await harness.makePlatformAdmin(secured.userId);
    const { secret } = await as(secured).auth.mfa.enroll.mutate();
    await as(secured).auth.mfa.verify.mutate({ code: totpCode(decodeBase32(secret), Date.now()) });
    const aal1 = await harness.client().auth.signIn.mutate({ email: secured.email, password: secured.password });
    const failure = await failureOf(harness.client(aal1.accessToken).auth.admin.users.list.query({}));
    expect(failure.data.code).toBe("FORBIDDEN");
    expect(failure.message).toContain("aal2");
  });
});
