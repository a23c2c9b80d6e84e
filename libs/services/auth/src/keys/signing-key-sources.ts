import { ConfigError } from "@cauldron/config";
import { withSystem, type Database } from "@cauldron/db";
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from "@cauldron/rpc";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { sql, type Kysely, type Transaction } from "kysely";
import type { DataCipher } from "./data-cipher";

export type SigningAlgorithm = "EdDSA" | "ES256";

/** A key the service verifies with and publishes; it signs from activatesAt until retiredAt. */
export interface PublishedKey {
  kid: string;
  algorithm: SigningAlgorithm;
  publicJwk: JWK;
  createdAt: Date;
  activatesAt: Date;
  retiredAt: Date | null;
}

/** A key that signs now or will: its private half and its signing period. */
export interface SignerKey {
  kid: string;
  algorithm: SigningAlgorithm;
  privateKey: CryptoKey | Uint8Array;
  activatesAt: Date;
  retiredAt: Date | null;
}

/** The keys in force: those that sign now or soon, and every one that still verifies. */
export interface SigningKeySet {
  signers: SignerKey[];
  published: PublishedKey[];
}

/** The outcome of a rotation: the new key, the one it replaces, and when the switch happens. */
export interface Rotation {
  kid: string;
  previousKid: string | null;
  activatesAt: Date;
}

/** Where keys come from: the database (local stack, admin rotation) or AUTH_SIGNING_KEYS (deploy rotation). */
export interface SigningKeySource {
  load(): Promise<SigningKeySet>;
  /**
   * Publishes a new key now and lets it sign after the delay; the old key signs until then and
   * verifies until its tokens expire. Null when the source cannot rotate.
   */
  rotate: ((activationDelaySeconds: number) => Promise<Rotation>) | null;
}

/** The key that signs at a moment: activated, not yet retired, the newest such. */
export function signerAt(set: SigningKeySet, at: number): SignerKey {
  const current = set.signers
    .filter((key) => key.activatesAt.getTime() <= at && (key.retiredAt === null || key.retiredAt.getTime() > at))
    .sort((a, b) => b.activatesAt.getTime() - a.activatesAt.getTime())[0];
  const fallback = set.signers[0];
  if (!current && !fallback) throw new Error("no signing key");
  return (current ?? fallback)!;
}

// A retired key is published until every token it signed has expired, with room for clock skew and
// for replicas that sign with it until their next key reload (at most a minute).
const RETIRED_KEY_VISIBLE_SECONDS = MAX_ACCESS_TOKEN_TTL_SECONDS + 300;
const ROTATION_LOCK = 7_311_402_117;

async function newKeyPair(algorithm: SigningAlgorithm) {
  const { publicKey, privateKey } = await generateKeyPair(algorithm, {
    ...(algorithm === "EdDSA" ? { crv: "Ed25519" } : {}),
    extractable: true,
  });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, publicJwk: { ...publicJwk, kid, alg: algorithm, use: "sig" }, privateJwk: await exportJWK(privateKey) };
}

/** Keys kept in admin.signing_keys, private halves sealed with the data key; one is made on first start. */
export function createStoredKeySource(db: Kysely<Database>, cipher: () => Promise<DataCipher>): SigningKeySource {
  const insertKey = async (trx: Transaction<Database>, seal: DataCipher, activatesAt: Date) => {
    const key = await newKeyPair("EdDSA");
    await trx
      .insertInto("admin.signing_keys")
      .values({
        kid: key.kid,
        algorithm: "EdDSA",
        public_jwk: JSON.stringify(key.publicJwk),
        private_jwk_encrypted: seal.seal(JSON.stringify(key.privateJwk)),
        activates_at: activatesAt,
      })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    return key.kid;
  };

  const readKeys = (trx: Transaction<Database>) =>
    trx
      .selectFrom("admin.signing_keys")
      .selectAll()
      .where((eb) =>
        eb.or([
          eb("retired_at", "is", null),
          eb("retired_at", ">", sql<Date>`now() - make_interval(secs => ${RETIRED_KEY_VISIBLE_SECONDS})`),
        ]),
      )
      .orderBy("created_at", "desc")
      .execute();

  return {
    async load() {
      const seal = await cipher();
      const rows = await withSystem(db, async (trx) => {
        const found = await readKeys(trx);
        if (found.some((row) => row.retired_at === null)) return found;
        // Replicas starting together race here; the single-key index lets exactly one insert win.
        await insertKey(trx, seal, new Date());
        return readKeys(trx);
      });
      const now = Date.now();
      const signing = rows.filter((row) => row.retired_at === null || row.retired_at.getTime() > now);
      return {
        signers: await Promise.all(
          signing.map(async (row) => {
            const algorithm = row.algorithm as SigningAlgorithm;
            const privateJwk = JSON.parse(seal.open(row.private_jwk_encrypted)) as JWK;
            return {
              kid: row.kid,
              algorithm,
              privateKey: await importJWK(privateJwk, algorithm),
              activatesAt: row.activates_at,
              retiredAt: row.retired_at,
            };
          }),
        ),
        published: rows.map((row) => ({
          kid: row.kid,
          algorithm: row.algorithm as SigningAlgorithm,
          publicJwk: row.public_jwk as JWK,
          createdAt: row.created_at,
          activatesAt: row.activates_at,
          retiredAt: row.retired_at,
        })),
      };
    },
    async rotate(activationDelaySeconds) {
      const seal = await cipher();
      return withSystem(db, async (trx) => {
        await sql`select pg_advisory_xact_lock(${ROTATION_LOCK})`.execute(trx);
        const activatesAt = new Date(Date.now() + activationDelaySeconds * 1000);
        const retired = await trx
          .updateTable("admin.signing_keys")
          .set({ retired_at: activatesAt })
          .where("retired_at", "is", null)
          .returning("kid")
          .executeTakeFirst();
        const kid = await insertKey(trx, seal, activatesAt);
        await trx
          .deleteFrom("admin.signing_keys")
          .where("retired_at", "<", sql<Date>`now() - interval '1 day'`)
          .execute();
        return { kid, previousKid: retired?.kid ?? null, activatesAt };
      });
    },
  };
}

/**
 * Keys from AUTH_SIGNING_KEYS: a JSON array of private JWKs, each with a kid. The first signs; the
 * others only verify, which is how a deployment rotates: add the new key first, drop the old one
 * once its tokens have expired. The shape is checked at once, so a bad value stops the start.
 */
export function createEnvironmentKeySource(json: string): SigningKeySource {
  const invalid = (message: string) => new ConfigError([{ variable: "AUTH_SIGNING_KEYS", message }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw invalid("must be a JSON array of private JWKs");
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw invalid("must be a non-empty JSON array of private JWKs");
  const jwks = (parsed as JWK[]).map((jwk, index) => {
    const algorithm = algorithmOf(jwk);
    if (!algorithm || typeof jwk.kid !== "string" || typeof jwk.d !== "string") {
      throw invalid(`key ${index} must be an Ed25519 or P-256 private JWK with a kid`);
    }
    return { jwk, algorithm, kid: jwk.kid };
  });
  const loadedAt = new Date();
  let set: Promise<SigningKeySet> | null = null;
  const importKeys = async (): Promise<SigningKeySet> => {
    const [first] = jwks;
    if (!first) throw new Error("no signing keys");
    return {
      signers: [
        {
          kid: first.kid,
          algorithm: first.algorithm,
          privateKey: await importJWK(first.jwk, first.algorithm),
          activatesAt: loadedAt,
          retiredAt: null,
        },
      ],
      published: jwks.map(({ jwk, algorithm, kid }) => {
        const { d: _private, ...publicPart } = jwk;
        return {
          kid,
          algorithm,
          publicJwk: { ...publicPart, alg: algorithm, use: "sig" },
          createdAt: loadedAt,
          activatesAt: loadedAt,
          retiredAt: kid === first.kid ? null : loadedAt,
        };
      }),
    };
  };
  return { load: () => (set ??= importKeys()), rotate: null };
}

function algorithmOf(jwk: JWK): SigningAlgorithm | null {
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  if (jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  return null;
}
