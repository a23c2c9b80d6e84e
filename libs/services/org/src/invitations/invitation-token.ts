import { createHash, randomBytes } from "node:crypto";

/** A fresh invitation secret (256 bits, URL-safe) and the hash stored in its place. */
export function createInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInvitationToken(token) };
}

/** The stored form of an invitation secret: only the hash is kept, so a database leak yields no usable link. */
export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The link a person follows to accept, carrying the secret as `token`. */
export function invitationLink(acceptUrl: string, token: string): string {
  const url = new URL(acceptUrl);
  url.searchParams.set("token", token);
  return url.toString();
}
