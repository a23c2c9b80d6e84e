import type { z } from "zod";
import type { createSignedUrlInputSchema } from "@cauldron/contracts";
import { signToken } from "../http-kit/signed-token";
import type { StorageRuntime } from "../storage-runtime";
import { describeObject } from "./open-object";
import { downloadParameter, publicBaseUrl, signedObjectLink } from "./signed-links";
import type { StorageReader } from "./storage-caller";

type SignedUrlRequest = z.output<typeof createSignedUrlInputSchema>;

/**
 * A link that downloads an object the caller may read, without signing in, until it expires.
 * The object must exist now; a link to one deleted later answers not found.
 */
export async function createSignedDownloadUrl(
  runtime: StorageRuntime,
  caller: StorageReader,
  request: SignedUrlRequest,
): Promise<{ signedUrl: string; expiresAt: Date }> {
  await describeObject(caller, request.bucket, request.path);
  const exp = Math.floor(Date.now() / 1000) + request.expiresIn;
  const token = signToken(runtime.signingKeys, {
    op: "download",
    org: caller.organizationId,
    bucket: request.bucket,
    path: request.path,
    exp,
  });
  const target = {
    organizationId: caller.organizationId,
    route: "sign",
    bucket: request.bucket,
    path: request.path,
  } as const;
  return {
    signedUrl: signedObjectLink(publicBaseUrl(runtime), target, token) + downloadParameter(request.download),
    expiresAt: new Date(exp * 1000),
  };
}
