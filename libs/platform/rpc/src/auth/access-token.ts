import { createLocalJWKSet, type CompactJWSHeaderParameters, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { decodeJsonObject, readCompactJws } from "./compact-jws";
import type { Principal } from "./principal";
import { checkRegisteredClaims, type ClaimExpectations } from "./registered-claims";
import { createRemoteKeySet } from "./remote-key-set";
import { signatureMatches, verificationKeyOf, type AccessTokenAlgorithm } from "./signature-check";
import { createVerifiedTokens, type VerifiedToken } from "./verified-tokens";

/** Algorithms the auth service signs access tokens with (docs/architecture.md, "Auth model": EdDSA or ES256). */
export const ACCESS_TOKEN_ALGORITHMS: AccessTokenAlgorithm[] = ["EdDSA", "ES256"];

const accessClaimsSchema = z.object({
  sub: z.string().uuid(),
  sid: z.string().uuid(),
  aal: z.enum(["aal1", "aal2"]).default("aal1"),
  exp: z.number(),
  nbf: z.number().optional(),
});

export interface AccessTokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Where the auth service publishes its keys; fetched lazily, cached, reloaded once for an unknown kid. */
  jwksUrl?: string;
  /** A key set held in memory, for the auth service itself and for tests. */
  jwks?: JSONWebKeySet;
}

type UserPrincipal = Extract<Principal, { kind: "user" }>;

/** A principal whose token checked out, and the check that its session still stands, under way. */
export interface UnconfirmedPrincipal<P> {
  principal: P;
  /** Rejects when the session was revoked or its user disabled. */
  confirmed: Promise<void>;
}

export type AccessTokenVerifier = ((token: string) => Promise<UserPrincipal>) & {
  /** Answers once the token itself checks out, before the revocation check does (session-revocation.ts). */
  unconfirmed?: (token: string) => Promise<UnconfirmedPrincipal<UserPrincipal>>;
};

/** An access token's principal, with the header its key is looked up by. */
interface VerifiedAccess {
  principal: UserPrincipal;
  header: CompactJWSHeaderParameters;
}

const allowedAlgorithms = new Set<string>(ACCESS_TOKEN_ALGORITHMS);
// Clients reuse an access token for its whole life; this many distinct live tokens per verifier
// skip the signature check when presented again (a few MB at most).
const REMEMBERED_TOKENS = 10_000;

// `typ` is optional in a JWT; when a token states one it must be a JWT, not another kind of signed object.
function checkTokenType(typ: unknown): void {
  if (typ === undefined) return;
  if (typeof typ !== "string" || !["jwt", "application/jwt"].includes(typ.toLowerCase())) {
    throw new Error('the token\'s "typ" header is not JWT');
  }
}

/**
 * Builds a verifier of access JWTs: signature by a published key, issuer, audience, expiry, claims.
 * jose reads the key set (kid, key type, `use`, rotation reloads); the signature is checked with
 * node:crypto against the resolved key, under the algorithm that key is for. A token presented
 * again is accepted without a second signature check while it has not expired and the key set
 * still resolves the key that verified it; revocation is checked on every request by the caller.
 */
export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const keys = resolveKeySet(options);
  const expected: ClaimExpectations = { issuer: options.issuer, audience: options.audience, required: ["sub", "sid"] };
  const verified = createVerifiedTokens<VerifiedAccess>(REMEMBERED_TOKENS);

  const stillResolves = async (token: string, recalled: VerifiedToken<VerifiedAccess>) => {
    const [encodedHeader = "", payload = "", signature = ""] = token.split(".");
    try {
      const resolved = await keys(recalled.answer.header, { protected: encodedHeader, payload, signature });
      return verificationKeyOf(resolved) === recalled.key;
    } catch {
      return false;
    }
  };

  const verifyFully = async (token: string, nowSeconds: number): Promise<VerifiedToken<VerifiedAccess>> => {
    const jws = readCompactJws(token);
    const algorithm = jws.header.alg;
    if (typeof algorithm !== "string" || !allowedAlgorithms.has(algorithm)) {
      throw new Error(`the token's "alg" must be one of ${ACCESS_TOKEN_ALGORITHMS.join(", ")}`);
    }
    checkTokenType(jws.header.typ);
    const header = { ...jws.header, alg: algorithm };
    const key = verificationKeyOf(await keys(header, jws.encoded));
    if (!signatureMatches(algorithm, key, jws.signingInput, jws.signature)) {
      throw new Error("the token's signature does not verify");
    }
    const payload = decodeJsonObject(jws.encoded.payload, "claims");
    checkRegisteredClaims(payload, expected, nowSeconds);
    const claims = accessClaimsSchema.parse(payload);
    const principal: UserPrincipal = { kind: "user", userId: claims.sub, sessionId: claims.sid, aal: claims.aal };
    return { answer: { principal, header }, expiresAt: claims.exp, notBefore: claims.nbf, key };
  };

  return async (token) => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const recalled = verified.recall(token, nowSeconds);
    if (recalled && (await stillResolves(token, recalled))) return { ...recalled.answer.principal };
    const fresh = await verifyFully(token, nowSeconds);
    verified.remember(token, fresh);
    return { ...fresh.answer.principal };
  };
}

function resolveKeySet(options: AccessTokenVerifierOptions): JWTVerifyGetKey {
  if (options.jwks) return createLocalJWKSet(options.jwks);
  if (options.jwksUrl) {
    return createRemoteKeySet({ url: new URL(options.jwksUrl) });
  }
  throw new Error("An access token verifier needs either jwks or jwksUrl");
}
