import type { Logger } from "pino";
import { parseSigningKeyRing, type SigningKeyRing } from "../http-kit/signing-keys";
import type { StorageEnv } from "../storage-config";

export type { SigningKeyRing };

// Known to everyone, so links signed with it protect nothing: for development and tests only.
const DEVELOPMENT_KEYS = "dev:development-only-storage-link-signing-key";

/**
 * The keys that sign and verify links: STORAGE_SIGNING_KEYS, required in production; elsewhere a
 * fixed development key, with a warning, so links survive restarts and work across replicas.
 */
export function signingKeysFromSettings(
  settings: Pick<StorageEnv, "STORAGE_SIGNING_KEYS">,
  nodeEnv: string,
  logger: Logger,
): SigningKeyRing {
  if (settings.STORAGE_SIGNING_KEYS) return parseSigningKeyRing(settings.STORAGE_SIGNING_KEYS);
  if (nodeEnv === "production") {
    throw new Error("STORAGE_SIGNING_KEYS must be set in production (id:secret pairs, secrets of 32+ characters)");
  }
  if (nodeEnv !== "test") logger.warn("STORAGE_SIGNING_KEYS is not set: links are signed with a development key");
  return parseSigningKeyRing(DEVELOPMENT_KEYS);
}
