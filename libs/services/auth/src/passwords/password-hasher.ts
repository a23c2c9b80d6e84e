import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

/** argon2id with OWASP's minimum: 19 MiB of memory, 2 iterations, parallelism 1 (the library's defaults, pinned). */
export const ARGON2_PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const { memoryCost, timeCost, parallelism } = ARGON2_PARAMETERS;
const CURRENT_PARAMETERS = `$argon2id$v=19$m=${memoryCost},t=${timeCost},p=${parallelism}$`;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Verifies a password against a stored hash. With no stored hash (unknown account) it verifies
   * against a dummy hash, so both answers take as long and read the same.
   */
  verify(storedHash: string | null, password: string): Promise<boolean>;
  /** True when a stored hash was made with other parameters and should be replaced. */
  needsRehash(storedHash: string): boolean;
}

/** Hashes and verifies passwords with argon2id; the password itself is never logged or stored. */
export function createPasswordHasher(): PasswordHasher {
  let dummy: Promise<string> | null = null;
  const dummyHash = () => (dummy ??= hash(randomBytes(16).toString("hex"), ARGON2_PARAMETERS));
  return {
    hash: (password) => hash(password, ARGON2_PARAMETERS),
    async verify(storedHash, password) {
      const target = storedHash ?? (await dummyHash());
      const matches = await verify(target, password).catch(() => false);
      return storedHash !== null && matches;
    },
    needsRehash: (storedHash) => !storedHash.startsWith(CURRENT_PARAMETERS),
  };
}
