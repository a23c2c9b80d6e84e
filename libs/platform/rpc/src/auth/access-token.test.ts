import { createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { jwtVerify, createLocalJWKSet, type JWK } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAccessTokenVerifier } from "./access-token";

const ISSUER = "cauldron-auth";
const AUDIENCE = "cauldron";

interface TestKey {
  kid: string;
  algorithm: "EdDSA" | "ES256";
  privateKey: KeyObject;
  publicJwk: JWK;
}

function testKey(algorithm: "EdDSA" | "ES256", kid: string = randomUUID()): TestKey {
  const pair =
    algorithm === "EdDSA" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" });
  const publicJwk = { ...(pair.publicKey.export({ format: "jwk" }) as JWK), kid, alg: algorithm, use: "sig" };
  return { kid, algorithm, privateKey: pair.privateKey, publicJwk };
}

const edKey = testKey("EdDSA");
const esKey = testKey("ES256");
const jwks = { keys: [edKey.publicJwk, esKey.publicJwk] };
const verify = createAccessTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks });

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const nowSeconds = () => Math.floor(Date.now() / 1000);

function claimsOf(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: randomUUID(),
    sid: randomUUID(),
    aal: "aal1",
    iss: ISSUER,
    aud: AUDIENCE,
    iat: nowSeconds(),
    exp: nowSeconds() + 300,
    ...overrides,
  };
}

function signatureOf(key: TestKey, input: string): string {
  const signed =
    key.algorithm === "EdDSA"
      ? sign(null, Buffer.from(input), key.privateKey)
      : sign("sha256", Buffer.from(input), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return signed.toString("base64url");
}

/** Signs any header and claims with a key, so tokens the auth service would never make can be tried. */
function craft(key: TestKey, claims: unknown = claimsOf(), header: Record<string, unknown> = {}): string {
  const input = `${encode({ alg: key.algorithm, kid: key.kid, typ: "JWT", ...header })}.${encode(claims)}`;
  return `${input}.${signatureOf(key, input)}`;
}

const refusal = (token: string) =>
  verify(token).then(
    () => null,
    (error: Error & { code?: string }) => error.code ?? error.message,
  );

describe("access-token verification", () => {
  it("accepts EdDSA and ES256 tokens of published keys and names their user, session and assurance", async () => {
    for (const key of [edKey, esKey]) {
      const claims = claimsOf({ aal: "aal2" });
      expect(await verify(craft(key, claims))).toEqual({
        kind: "user",
        userId: claims.sub,
        sessionId: claims.sid,
        aal: "aal2",
      });
    }
    const withoutAssurance = claimsOf({ aal: undefined });
    expect(await verify(craft(edKey, withoutAssurance))).toMatchObject({ aal: "aal1" });
  });

  it("refuses any algorithm but the key's own: none, HS256 keyed with the public key, or the other curve", async () => {
    const claims = encode(claimsOf());
    const unsigned = `${encode({ alg: "none", typ: "JWT" })}.${claims}.`;
    expect(await refusal(unsigned)).toMatch(/not base64url|alg/);

    const hmacInput = `${encode({ alg: "HS256", kid: edKey.kid, typ: "JWT" })}.${claims}`;
    const hmac = createHmac("sha256", String(edKey.publicJwk.x)).update(hmacInput).digest("base64url");
    expect(await refusal(`${hmacInput}.${hmac}`)).toMatch(/"alg" must be one of EdDSA, ES256/);

    expect(await refusal(craft(edKey, claimsOf(), { alg: "ES256" }))).toBe("ERR_JWKS_NO_MATCHING_KEY");
    expect(await refusal(craft(esKey, claimsOf(), { alg: "EdDSA" }))).toBe("ERR_JWKS_NO_MATCHING_KEY");
    expect(await refusal(craft(edKey, claimsOf(), { alg: "RS256" }))).toMatch(/"alg" must be one of/);
  });

  it("refuses a tampered signature and claims changed after signing, even of a token it just accepted", async () => {
    for (const key of [edKey, esKey]) {
      const genuine = craft(key);
      expect(await refusal(genuine)).toBeNull();
      const [header, payload, signature] = genuine.split(".") as [string, string, string];
      const flipped = Buffer.from(signature, "base64url");
      flipped[0]! ^= 0x01;
      expect(await refusal(`${header}.${payload}.${flipped.toString("base64url")}`)).toMatch(/signature/);
      const forged = encode({ ...claimsOf(), sub: "00000000-0000-4000-8000-000000000000" });
      expect(await refusal(`${header}.${forged}.${signature}`)).toMatch(/signature/);
      expect(await refusal(`${header}.${payload}.${signature.slice(0, -4)}`)).toMatch(/signature/);
    }
  });

  it("refuses a token signed by an unpublished key under a published kid", async () => {
    const impostor = { ...testKey("EdDSA"), kid: edKey.kid };
    expect(await refusal(craft(impostor))).toMatch(/signature/);
  });

  it("refuses expired tokens, tokens expiring this second and tokens not valid yet", async () => {
    expect(await refusal(craft(edKey, claimsOf({ exp: nowSeconds() - 60 })))).toMatch(/"exp" has passed/);
    expect(await refusal(craft(edKey, claimsOf({ exp: nowSeconds() })))).toMatch(/"exp" has passed/);
    expect(await refusal(craft(edKey, claimsOf({ nbf: nowSeconds() + 60 })))).toMatch(/"nbf" is still in the future/);
    expect(await refusal(craft(edKey, claimsOf({ nbf: nowSeconds() - 60 })))).toBeNull();
  });

  it("refuses tokens for another audience or from another issuer, and accepts one of several audiences", async () => {
    expect(await refusal(craft(edKey, claimsOf({ aud: "someone-else" })))).toMatch(/"aud"/);
    expect(await refusal(craft(edKey, claimsOf({ aud: ["someone-else", "another"] })))).toMatch(/"aud"/);
    expect(await refusal(craft(edKey, claimsOf({ iss: "not-cauldron" })))).toMatch(/"iss"/);
    expect(await refusal(craft(edKey, claimsOf({ aud: ["someone-else", AUDIENCE] })))).toBeNull();
  });

  it("refuses tokens missing exp, sub, sid, iss or aud, or whose times are not numbers", async () => {
    for (const missing of ["exp", "sub", "sid", "iss", "aud"]) {
      expect(await refusal(craft(edKey, claimsOf({ [missing]: undefined })))).toMatch(
        new RegExp(`"${missing}" is missing`),
      );
    }
    expect(await refusal(craft(edKey, claimsOf({ exp: String(nowSeconds() + 300) })))).toMatch(/"exp" is not a number/);
    expect(await refusal(craft(edKey, claimsOf({ iat: "yesterday" })))).toMatch(/"iat" is not a number/);
    expect(await refusal(craft(edKey, claimsOf({ sub: "not-a-uuid" })))).not.toBeNull();
  });

  it("refuses malformed tokens, critical extensions and a type other than JWT", async () => {
    const good = craft(edKey);
    const [header, payload, signature] = good.split(".") as [string, string, string];
    expect(await refusal(`${header}.${payload}`)).toMatch(/three dot-separated parts/);
    expect(await refusal(`${header}.${payload}.${signature}.extra`)).toMatch(/three dot-separated parts/);
    expect(await refusal(`${header}.${payload}!.${signature}`)).toMatch(/payload is not base64url/);
    expect(await refusal(`${header}.${payload}.${signature}=`)).toMatch(/signature is not base64url/);
    expect(await refusal(craft(edKey, ["a", "list"]))).toMatch(/claims is not a JSON object/);
    expect(await refusal(`${encode("text")}.${payload}.${signature}`)).toMatch(/header is not a JSON object/);
    const notUtf8 = Buffer.from([0x7b, 0xff, 0x7d]).toString("base64url");
    expect(await refusal(`${header}.${notUtf8}.${signature}`)).toMatch(/signature/);
    const notUtf8Input = `${header}.${notUtf8}`;
    expect(await refusal(`${notUtf8Input}.${signatureOf(edKey, notUtf8Input)}`)).toMatch(/claims is not a JSON object/);
    expect(await refusal(craft(edKey, claimsOf(), { crit: ["exp"], exp: 1 }))).toMatch(/critical header extensions/);
    expect(await refusal(craft(edKey, claimsOf(), { b64: false, crit: ["b64"] }))).toMatch(/critical/);
    expect(await refusal(craft(edKey, claimsOf(), { typ: "dpop+jwt" }))).toMatch(/"typ"/);
    expect(await refusal(craft(edKey, claimsOf(), { typ: undefined }))).toBeNull();
    expect(await refusal(craft(edKey, claimsOf(), { typ: "application/jwt" }))).toBeNull();
  });

  it("follows key rotation: both keys verify while published, and an unpublished kid is an unknown key", async () => {
    const next = testKey("EdDSA");
    const during = createAccessTokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { keys: [edKey.publicJwk, next.publicJwk] },
    });
    const after = createAccessTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [next.publicJwk] } });
    const old = craft(edKey);
    const fresh = craft(next);
    await expect(during(old)).resolves.toMatchObject({ kind: "user" });
    await expect(during(fresh)).resolves.toMatchObject({ kind: "user" });
    await expect(after(fresh)).resolves.toMatchObject({ kind: "user" });
    // The key ring reloads its keys on exactly this code, so a key made by another replica is found.
    await expect(after(old)).rejects.toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
    await expect(verify(fresh)).rejects.toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
  });

  it("accepts and refuses exactly the tokens jose's own verification does", async () => {
    const keySet = createLocalJWKSet(jwks);
    const joseAccepts = (token: string) =>
      jwtVerify(token, keySet, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["EdDSA", "ES256"],
        requiredClaims: ["exp", "sub", "sid"],
      }).then(
        () => true,
        () => false,
      );
    const [header, payload, signature] = craft(esKey).split(".") as [string, string, string];
    const tokens = [
      craft(edKey),
      craft(esKey),
      craft(edKey, claimsOf({ exp: nowSeconds() - 1 })),
      craft(edKey, claimsOf({ exp: nowSeconds() })),
      craft(esKey, claimsOf({ nbf: nowSeconds() + 5 })),
      craft(esKey, claimsOf({ nbf: nowSeconds() })),
      craft(edKey, claimsOf({ aud: [AUDIENCE] })),
      craft(edKey, claimsOf({ aud: "other" })),
      craft(edKey, claimsOf({ iss: `${ISSUER} ` })),
      craft(edKey, claimsOf({ exp: undefined })),
      craft(edKey, claimsOf({ sid: undefined })),
      craft(edKey, claimsOf({ iat: undefined })),
      craft(edKey, claimsOf({ iat: "now" })),
      craft(edKey, claimsOf(), { kid: undefined }),
      craft(edKey, claimsOf(), { kid: "unknown" }),
      craft(esKey, claimsOf(), { alg: "EdDSA" }),
      `${header}.${payload}.${signature.slice(2)}`,
      `${header}.${encode(claimsOf())}.${signature}`,
      `${header}.${payload}`,
    ];
    for (const token of tokens) {
      expect({ token, accepted: (await refusal(token)) === null }).toEqual({
        token,
        accepted: await joseAccepts(token),
      });
    }
  });
});

describe("a token presented again", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is accepted until it expires, then refused like any expired token", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const token = craft(edKey, claimsOf({ exp: nowSeconds() + 60 }));
    const first = await verify(token);
    expect(await verify(token)).toEqual(first);
    vi.setSystemTime(Date.now() + 59_000);
    expect(await verify(token)).toEqual(first);
    vi.setSystemTime(Date.now() + 1_000);
    expect(await refusal(token)).toMatch(/"exp" has passed/);
  });

  it("is refused before its nbf, should the clock be set back", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const token = craft(edKey, claimsOf({ nbf: nowSeconds() - 10 }));
    await expect(verify(token)).resolves.toMatchObject({ kind: "user" });
    vi.setSystemTime(Date.now() - 60_000);
    expect(await refusal(token)).toMatch(/"nbf" is still in the future/);
  });

  it("is refused once the key that verified it is no longer published", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const retiring = testKey("EdDSA");
    const successor = testKey("ES256");
    let published = [retiring.publicJwk, successor.publicJwk];
    const publisher = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => publisher.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = publisher.address() as AddressInfo;
      const remote = createAccessTokenVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      });
      const old = craft(retiring, claimsOf({ exp: nowSeconds() + 3600 }));
      const fresh = craft(successor, claimsOf({ exp: nowSeconds() + 3600 }));
      await expect(remote(old)).resolves.toMatchObject({ kind: "user" });
      await expect(remote(old)).resolves.toMatchObject({ kind: "user" });
      published = [successor.publicJwk];
      // Past the key set's refresh age, the next request fetches the keys again.
      vi.setSystemTime(Date.now() + 11 * 60_000);
      await expect(remote(fresh)).resolves.toMatchObject({ kind: "user" });
      await expect(remote(old)).rejects.toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
    } finally {
      await new Promise((resolve) => publisher.close(resolve));
    }
  });
});
