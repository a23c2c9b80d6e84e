import type { z } from "zod";
import type { createSignedUploadUrlInputSchema } from "@cauldron/contracts";
import { accessDenied } from "../access/access-refusals";
import { ACCESS_RANK, callerAccessRank } from "../access/caller-access-rank";
import { findBucket } from "../buckets/bucket-queries";
import { bucketNotFound } from "../buckets/bucket-refusals";
import { signToken } from "../http-kit/signed-token";
import type { StorageRuntime } from "../storage-runtime";
import { findObject } from "./object-queries";
import { objectExists } from "./object-refusals";
import { publicBaseUrl, signedObjectLink } from "./signed-links";
import type { StorageWriter } from "./storage-caller";

type SignedUploadRequest = z.output<typeof createSignedUploadUrlInputSchema>;

/** How long an upload link stays valid, as Supabase's do. */
const UPLOAD_LINK_SECONDS = 2 * 3600;

/**
 * A link that uploads one object without signing in, issued only to a caller who could write it
 * now: write rank on the bucket, or on the object it would replace (with upsert). The signer owns
 * what the link uploads, as if they had uploaded it themselves.
 */
export async function createSignedUploadUrl(
  runtime: StorageRuntime,
  caller: Pick<StorageWriter, "organizationId" | "tenant" | "actorUserId">,
  request: SignedUploadRequest,
): Promise<{ signedUrl: string; token: string; path: string }> {
  await caller.tenant(async (trx) => {
    const bucket = await findBucket(trx, caller.organizationId, request.bucket);
    if (!bucket) throw bucketNotFound(request.bucket);
    const existing = await findObject(trx, bucket.id, request.path);
    if (existing && !request.upsert) throw objectExists(request.path);
    if ((await callerAccessRank(trx, bucket.id, existing)) < ACCESS_RANK.write) {
      throw accessDenied(`You may not write to "${request.path}" in bucket "${request.bucket}"`);
    }
  });
  const token = signToken(runtime.signingKeys, {
    op: "upload",
    org: caller.organizationId,
    bucket: request.bucket,
    path: request.path,
    exp: Math.floor(Date.now() / 1000) + UPLOAD_LINK_SECONDS,
    upsert: request.upsert,
    ...(caller.actorUserId !== null && { owner: caller.actorUserId }),
  });
  const target = {
    organizationId: caller.organizationId,
    route: "upload/sign",
    bucket: request.bucket,
    path: request.path,
  } as const;
  return { signedUrl: signedObjectLink(publicBaseUrl(runtime), target, token), token, path: request.path };
}
