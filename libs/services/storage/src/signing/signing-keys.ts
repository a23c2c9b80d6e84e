import { parseSigningKeyRing, type SigningKeyRing } from "../http-kit/signing-keys";
import type { StorageEnv } from "../storage-config";

export type { SigningKeyRing };

// Known to everyone, so links signed with it protect nothing: for development and tests only.
const DEVELOPMENT_KEYS = "dev:development-only-storage-link-signing-key";

/**
 * The keys that sign and verify links: STORAGE_SIGNING_KEYS, required in production; elsewhere a
 * fixed development key, so links survive restarts and work across replicas.
 */
export function signingKeysFromSettings(
  settings: Pick<StorageEnv, "STORAGE_SIGNING_KEYS">,
  nodeEnv: string,
): SigningKeyRing {
  if (settings.STORAGE_SIGNING_KEYS) return parseSigningKeyRing(settings.STORAGE_SIGNING_KEYS);
  if (nodeEnv === "production") {
    throw new Error("STORAGE_SIGNING_KEYS must be set in production (id:secret pairs, secrets of 32+ characters)");
  }
  return parseSigningKeyRing(DEVELOPMENT_KEYS);
}
