import type { Request } from "express";
import { z } from "zod";
import { MAX_SIGNED_TOKEN_LENGTH, signToken, verifyToken, type SignedClaims } from "../http-kit/signed-token";
import { StorageHttpError } from "../http-kit/storage-errors";
import type { StorageRuntime } from "../storage-runtime";
import type { UrlOrganization } from "./organization-param";
import { queryValue, type ObjectTarget } from "./route-target";

const tokenSchema = z.string().min(1).max(MAX_SIGNED_TOKEN_LENGTH);

/** A link's path and query, relative to the API root of its organization (`…/orgs/<org>`), as Supabase answers it. */
export function linkPath(route: "/object/sign" | "/object/upload/sign", target: ObjectTarget, token: string): string {
  return `${route}/${target.bucket}/${target.path}?token=${token}`;
}

/** Signs a download link for one object of the organization, living `seconds`. */
export function signDownload(
  runtime: StorageRuntime,
  organizationId: string,
  target: ObjectTarget,
  seconds: number,
): string {
  const exp = Math.floor(Date.now() / 1000) + seconds;
  return signToken(runtime.signingKeys, {
    op: "download",
    org: organizationId,
    bucket: target.bucket,
    path: target.path,
    exp,
  });
}

/**
 * The claims of the `?token=` a link request carries, checked against what it asks for: this
 * operation on this object of the organization its URL names; refused as Supabase refuses them.
 */
export function verifiedLink(
  runtime: StorageRuntime,
  req: Request,
  op: SignedClaims["op"],
  organization: UrlOrganization | undefined,
  target: ObjectTarget,
): SignedClaims {
  const token = tokenSchema.safeParse(queryValue(req, "token"));
  if (!token.success) throw StorageHttpError.invalidSignature("malformed");
  const check = verifyToken(runtime.signingKeys, token.data, { op, org: organization?.id ?? "", ...target });
  if (!check.ok) throw StorageHttpError.invalidSignature(check.reason);
  return check.claims;
}
