import type { ObjectInfo } from "@cauldron/contracts";
import type { StorageWriter } from "../objects/storage-caller";
import type { StorageRuntime } from "../storage-runtime";
import { supabaseErrorOf } from "../supabase-api/supabase-error";
import { completeUpload } from "./complete-upload";
import { terminateUpload } from "./terminate-upload";
import { removeUploadParts } from "./upload-parts";
import { deleteUpload, type UploadRow } from "./upload-queries";

/**
 * Completes an upload whose first `partCount` parts hold all its bytes, then removes the upload
 * (only while it is still as `upload` saw it) and its parts. When the object is refused (too large,
 * a type the bucket does not take, the quota, a path taken meanwhile) the upload ends too: sending
 * its bytes again could not help. Any other failure leaves the upload as it was.
 */
export async function finishUpload(
  runtime: StorageRuntime,
  caller: StorageWriter,
  upload: UploadRow,
  partCount: number,
): Promise<ObjectInfo> {
  let info: ObjectInfo;
  try {
    info = await completeUpload(runtime, caller, upload, partCount);
  } catch (error) {
    const refusal = supabaseErrorOf(error);
    if (refusal && refusal.status < 500) await terminateUpload(runtime, caller, upload.id);
    throw error;
  }
  if (!(await caller.tenant((trx) => deleteUpload(trx, upload.id, upload)))) {
    runtime.dependencies.logger.warn({ uploadId: upload.id }, "a completed upload changed while it completed");
  }
  await removeUploadParts(runtime, upload.id);
  return info;
}
