import { randomUUID } from "node:crypto";
import { createAccessTokenVerifier, type AccessTokenVerifier, type AuthenticatorAssuranceLevel } from "@cauldron/rpc";
import { SignJWT, type JSONWebKeySet } from "jose";
import {
  signerAt,
  type PublishedKey,
  type Rotation,
  type SigningKeySet,
  type SigningKeySource,
} from "./signing-key-sources";

export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
  aal: AuthenticatorAssuranceLevel;
}

export interface SignedAccessToken {
  token: string;
  expiresIn: number;
  expiresAt: Date;
}

/** Signs access tokens with the active key and verifies them with every published one. */
export interface SigningKeyRing {
  signAccessToken(claims: AccessTokenClaims): Promise<SignedAccessToken>;
  verifyAccessToken: AccessTokenVerifier;
  /** The public keys for /.well-known/jwks.json. */
  jwks(): Promise<JSONWebKeySet>;
  keys(): Promise<PublishedKey[]>;
  /** Publishes a new key that signs after the activation delay; null when keys come from the environment. */
  rotate(): Promise<Rotation | null>;
}

export interface SigningKeyRingOptions {
  source: SigningKeySource;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  /** How long a new key is published before it signs, so verifiers with a cached key set know it first. */
  activationDelaySeconds: number;
  /** How long a loaded key set is trusted before it is read again (rotations by other replicas). */
  reloadAfterMs?: number;
}

interface LoadedKeys {
  set: SigningKeySet;
  verify: AccessTokenVerifier;
  loadedAt: number;
}

const MIN_RELOAD_INTERVAL_MS = 1_000;

/** Builds the key ring; keys load on first use and again when stale or when a token names an unknown kid. */
export function createSigningKeyRing(options: SigningKeyRingOptions): SigningKeyRing {
  const reloadAfterMs = options.reloadAfterMs ?? 60_000;
  let loaded: Promise<LoadedKeys> | null = null;
  let loadedAt = 0;

  const load = (): Promise<LoadedKeys> => {
    const attempt = options.source.load().then((set) => ({
      set,
      loadedAt: Date.now(),
      verify: createAccessTokenVerifier({
        issuer: options.issuer,
        audience: options.audience,
        jwks: { keys: set.published.map((key) => key.publicJwk) },
      }),
    }));
    loaded = attempt;
    loadedAt = Date.now();
    attempt.catch(() => {
      if (loaded === attempt) loaded = null;
    });
    return attempt;
  };

  const current = (): Promise<LoadedKeys> => {
    if (!loaded || Date.now() - loadedAt > reloadAfterMs) return load();
    return loaded;
  };

  return {
    async signAccessToken(claims) {
      const { set } = await current();
      const now = Date.now();
      const signer = signerAt(set, now);
      const expiresAt = new Date(now + options.accessTokenTtlSeconds * 1000);
      const token = await new SignJWT({ sid: claims.sessionId, aal: claims.aal })
        .setProtectedHeader({ alg: signer.algorithm, kid: signer.kid, typ: "JWT" })
        .setSubject(claims.userId)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(signer.privateKey);
      return { token, expiresIn: options.accessTokenTtlSeconds, expiresAt };
    },
    async verifyAccessToken(token) {
      const keys = await current();
      try {
        return await keys.verify(token);
      } catch (error) {
        // A key made by another replica since the last load: read the keys again, once.
        const unknownKey = (error as { code?: unknown }).code === "ERR_JWKS_NO_MATCHING_KEY";
        if (!unknownKey || Date.now() - keys.loadedAt < MIN_RELOAD_INTERVAL_MS) throw error;
        return (await load()).verify(token);
      }
    },
    async jwks() {
      const { set } = await current();
      return { keys: set.published.map((key) => key.publicJwk) };
    },
    async keys() {
      return (await current()).set.published;
    },
    async rotate() {
      if (!options.source.rotate) return null;
      const rotated = await options.source.rotate(options.activationDelaySeconds);
      await load();
      return rotated;
    },
  };
}
