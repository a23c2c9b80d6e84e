import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  actingUserOf,
  createServiceTokenIssuer,
  createServiceTokenVerifier,
  signServiceToken,
  SERVICE_TOKEN_MAX_AGE_SECONDS,
} from "./service-token";

const secret = "service-token-test-secret-0123456789abcdef";
const verifyAsOrg = createServiceTokenVerifier({ secret, audience: "org" });

function craftToken(claims: Record<string, unknown>, times: { issuedAt: number; expiresAt: number }) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("cauldron-service")
    .setSubject("lore")
    .setAudience("org")
    .setIssuedAt(times.issuedAt)
    .setExpirationTime(times.expiresAt)
    .sign(new TextEncoder().encode(secret));
}

describe("service tokens", () => {
  it("carry the caller, its grants, the organization and the user it acts for with their assurance", async () => {
    const organizationId = randomUUID();
    const userId = randomUUID();
    const token = await signServiceToken({
      secret,
      caller: "lore",
      audience: "org",
      scope: ["members:read", "members:read"],
      organizationId,
      actingUser: { userId, aal: "aal2" },
    });
    expect(await verifyAsOrg(token)).toEqual({
      kind: "service",
      service: "lore",
      grants: ["members:read"],
      organizationId,
      actingUserId: userId,
      aal: "aal2",
    });
  });

  it("are accepted only by the service they are addressed to", async () => {
    const token = await signServiceToken({ secret, caller: "lore", audience: "vector", scope: ["embeddings:read"] });
    await expect(verifyAsOrg(token)).rejects.toThrow(/aud/);
    await expect(createServiceTokenVerifier({ secret, audience: "vector" })(token)).resolves.toMatchObject({
      service: "lore",
    });
  });

  it("are refused once issued longer ago than the maximum age, or when they claim a longer life", async () => {
    const now = Math.floor(Date.now() / 1000);
    const old = await craftToken(
      { scope: ["members:read"] },
      { issuedAt: now - SERVICE_TOKEN_MAX_AGE_SECONDS - 60, expiresAt: now + 60 },
    );
    await expect(verifyAsOrg(old)).rejects.toThrow(/iat/);
    const longLived = await craftToken({ scope: ["members:read"] }, { issuedAt: now, expiresAt: now + 3600 });
    await expect(verifyAsOrg(longLived)).rejects.toThrow(/at most/);
    await expect(
      signServiceToken({ secret, caller: "lore", audience: "org", scope: ["members:read"], ttlSeconds: 3600 }),
    ).rejects.toThrow(/between 1 and/);
  });

  it("never grant every permission, nor nothing", async () => {
    const now = Math.floor(Date.now() / 1000);
    const everything = await craftToken({ scope: ["*:*"] }, { issuedAt: now, expiresAt: now + 60 });
    await expect(verifyAsOrg(everything)).rejects.toThrow();
    const unscoped = await craftToken({}, { issuedAt: now, expiresAt: now + 60 });
    await expect(verifyAsOrg(unscoped)).rejects.toThrow(/scope/);
    await expect(signServiceToken({ secret, caller: "lore", audience: "org", scope: ["*:*"] })).rejects.toThrow();
    await expect(signServiceToken({ secret, caller: "lore", audience: "org", scope: [] })).rejects.toThrow();
  });

  it("never grant every resource at once, nor platform administration", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const scope of [["*:read"], ["members:read", "*:write"], ["users:admin"]]) {
      const crafted = await craftToken({ scope }, { issuedAt: now, expiresAt: now + 60 });
      await expect(verifyAsOrg(crafted)).rejects.toThrow();
      await expect(signServiceToken({ secret, caller: "lore", audience: "org", scope })).rejects.toThrow();
    }
  });

  it("grant a caller only what it declared it needs from that callee", async () => {
    const issue = createServiceTokenIssuer({ secret, caller: "lore", grants: { org: ["members:read", "teams:*"] } });
    const organizationId = randomUUID();
    const principal = await verifyAsOrg(await issue("org", { organizationId }));
    expect(principal).toMatchObject({ grants: ["members:read", "teams:*"], organizationId });
    expect(await verifyAsOrg(await issue("org", { organizationId, scope: ["teams:read"] }))).toMatchObject({
      grants: ["teams:read"],
    });
    await expect(issue("org", { scope: ["members:remove"] })).rejects.toThrow(/declared no need of members:remove/);
    await expect(issue("vector")).rejects.toThrow(/declares no calls to vector/);
  });

  it("carry the assurance of the request they act for", () => {
    const userId = randomUUID();
    expect(actingUserOf({ kind: "user", userId, sessionId: randomUUID(), aal: "aal2" })).toEqual({
      userId,
      aal: "aal2",
    });
    expect(
      actingUserOf({
        kind: "api_token",
        userId,
        tokenId: randomUUID(),
        scopes: ["documents:read"],
        organizationId: null,
        aal: "aal1",
      }),
    ).toEqual({ userId, aal: "aal1" });
    const service = {
      kind: "service" as const,
      service: "lore",
      grants: ["documents:read"],
      organizationId: null,
      aal: "aal2" as const,
    };
    expect(actingUserOf({ ...service, actingUserId: userId })).toEqual({ userId, aal: "aal2" });
    expect(actingUserOf({ ...service, actingUserId: null })).toBeNull();
  });
});
