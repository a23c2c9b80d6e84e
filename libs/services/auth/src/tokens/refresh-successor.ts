import { createHmac, hkdfSync } from "node:crypto";
import { hashOpaqueToken, type OpaqueToken } from "./opaque-token";

/**
 * The successor of a refresh token is derived, not drawn at random: an HMAC, under a key only the
 * auth service holds, of the presented token and the successor's row id. A second exchange of the
 * same token within the grace window derives the very same successor again, so two tabs end up
 * with one session, and nothing usable is stored: rebuilding a successor takes the key, the row
 * id and the presented token, which only its holder has.
 */
export function deriveSuccessorToken(key: Buffer, presentedToken: string, successorId: string): OpaqueToken {
  const token = createHmac("sha256", key).update(`${successorId}.${presentedToken}`).digest("base64url");
  return { token, hash: hashOpaqueToken(token) };
}

/** Loads the successor key once: a key of its own, derived from the service's data key. */
export function createSuccessorKeyLoader(loadDataKey: () => Promise<Buffer>): () => Promise<Buffer> {
  let key: Promise<Buffer> | null = null;
  return () => {
    key ??= loadDataKey().then((dataKey) =>
      Buffer.from(hkdfSync("sha256", dataKey, Buffer.alloc(0), "refresh-token successor", 32)),
    );
    key.catch(() => (key = null));
    return key;
  };
}
