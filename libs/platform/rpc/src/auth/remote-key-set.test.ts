import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type JWTVerifyGetKey } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAccessTokenVerifier } from "./access-token";
import { createRemoteKeySet } from "./remote-key-set";

interface SigningKey {
  kid: string;
  publicJwk: JWK;
  sign(subject?: string): Promise<string>;
}

async function signingKey(): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const kid = randomUUID();
  return {
    kid,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" },
    sign: (subject = randomUUID()) =>
      new SignJWT({ sid: randomUUID() })
        .setProtectedHeader({ alg: "EdDSA", kid })
        .setSubject(subject)
        .setIssuer("cauldron-auth")
        .setAudience("cauldron")
        .setExpirationTime("5m")
        .sign(privateKey),
  };
}

// A key publisher that counts every fetch and can be told to fail.
const publisher = { keys: [] as JWK[], fetches: 0, failing: false };
let server: Server;
let url: URL;
let clock: number;
const now = () => clock;

beforeAll(async () => {
  server = createServer((_request, response) => {
    publisher.fetches += 1;
    if (publisher.failing) {
      response.writeHead(503).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: publisher.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

let current: SigningKey;
let keySet: JWTVerifyGetKey;

beforeEach(async () => {
  current = await signingKey();
  Object.assign(publisher, { keys: [current.publicJwk], fetches: 0, failing: false });
  clock = 1_000_000;
  keySet = createRemoteKeySet({ url, now, cooldownMs: 30_000, maxAgeMs: 600_000 });
});

const verify = (token: string) => jwtVerify(token, keySet, { algorithms: ["EdDSA"] });
const outcome = (token: string) =>
  verify(token).then(
    () => "verified",
    (error: Error) => error.name,
  );

describe("a remote key set", () => {
  it("fetches the keys once for any number of concurrent tokens", async () => {
    const tokens = await Promise.all(Array.from({ length: 25 }, () => current.sign()));
    expect(await Promise.all(tokens.map(outcome))).toEqual(tokens.map(() => "verified"));
    expect(publisher.fetches).toBe(1);
  });

  it("reloads once for a newly published kid, and concurrent tokens with it share that reload", async () => {
    await verify(await current.sign());
    const rotated = await signingKey();
    publisher.keys = [current.publicJwk, rotated.publicJwk];
    clock += 31_000;
    const tokens = await Promise.all(Array.from({ length: 20 }, () => rotated.sign()));
    expect(await Promise.all(tokens.map(outcome))).toEqual(tokens.map(() => "verified"));
    expect(publisher.fetches).toBe(2);
  });

  it("reloads at most once per cooldown however many unknown kids arrive", async () => {
    await verify(await current.sign());
    clock += 31_000;
    const strangers = await Promise.all(Array.from({ length: 30 }, () => signingKey()));
    const storm = await Promise.all(strangers.map(async (stranger) => outcome(await stranger.sign())));
    expect(new Set(storm)).toEqual(new Set(["JWKSNoMatchingKey"]));
    for (const stranger of strangers.slice(0, 10))
      expect(await outcome(await stranger.sign())).toBe("JWKSNoMatchingKey");
    expect(publisher.fetches).toBe(2);
    clock += 31_000;
    expect(await outcome(await strangers[0]!.sign())).toBe("JWKSNoMatchingKey");
    expect(publisher.fetches).toBe(3);
  });

  it("keeps verifying with the keys it holds while the publisher fails, retrying once per cooldown", async () => {
    await verify(await current.sign());
    publisher.failing = true;
    clock += 700_000;
    for (let index = 0; index < 10; index += 1) expect(await outcome(await current.sign())).toBe("verified");
    expect(await outcome(await (await signingKey()).sign())).toBe("JWKSNoMatchingKey");
    expect(publisher.fetches).toBe(2);
    clock += 31_000;
    publisher.failing = false;
    expect(await outcome(await current.sign())).toBe("verified");
    expect(publisher.fetches).toBe(3);
  });

  it("backs the access-token verifier when given a URL", async () => {
    const verifier = createAccessTokenVerifier({ issuer: "cauldron-auth", audience: "cauldron", jwksUrl: url.href });
    const userId = randomUUID();
    expect(await verifier(await current.sign(userId))).toMatchObject({ kind: "user", userId, aal: "aal1" });
    expect(publisher.fetches).toBe(1);
  });
});
