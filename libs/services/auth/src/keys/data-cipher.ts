import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { withSystem, type Database } from "@cauldron/db";
import type { Kysely } from "kysely";

/** Seals small secrets (TOTP secrets, private keys) at rest with AES-256-GCM. */
export interface DataCipher {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

const VERSION = "v1";

/** A cipher over a 32-byte key; sealed values read `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function createDataCipher(key: Buffer): DataCipher {
  if (key.length !== 32) throw new Error("the data key must be 32 bytes");
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"));
      return [VERSION, ...parts].join(".");
    },
    open(sealed) {
      const [version, iv, tag, ciphertext] = sealed.split(".");
      if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("not a sealed value");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}

const LOCAL_DATA_KEY = "auth_data_key";

/**
 * The data key: AUTH_ENCRYPTION_KEY when set (required in production), otherwise a key generated on
 * first start and kept in admin.local_secrets, which suits the local stack only (the key then sits
 * in the same database as what it protects).
 */
export async function loadDataKey(db: Kysely<Database>, configured: string | undefined): Promise<Buffer> {
  if (configured) return Buffer.from(configured, "base64");
  return withSystem(db, async (trx) => {
    await trx
      .insertInto("admin.local_secrets")
      .values({ name: LOCAL_DATA_KEY, secret: randomBytes(32).toString("base64") })
      .onConflict((conflict) => conflict.column("name").doNothing())
      .execute();
    const row = await trx
      .selectFrom("admin.local_secrets")
      .select("secret")
      .where("name", "=", LOCAL_DATA_KEY)
      .executeTakeFirstOrThrow();
    return Buffer.from(row.secret, "base64");
  });
}
