import type { Request, Response } from "express";
import { z } from "zod";
import { StorageHttpError } from "../http-kit/storage-errors";
import { publicBaseUrl } from "../objects/signed-links";
import type { StorageWriter } from "../objects/storage-caller";
import type { StorageRuntime } from "../storage-runtime";
import { appendToUpload } from "./append-to-upload";
import { bytesUntilDisconnect } from "./arrived-bytes";
import { createUpload } from "./create-upload";
import { describeUpload } from "./describe-upload";
import { terminateUpload } from "./terminate-upload";
import * as tus from "./tus-protocol";
import { parseUploadMetadata } from "./upload-metadata";

/** What every TUS handler works with: the runtime, and how a request is admitted as an uploader. */
export interface TusServices {
  runtime: StorageRuntime;
  admit(req: Request, res: Response): Promise<StorageWriter>;
}

const uploadIdSchema = z.string().uuid();

function uploadIdOf(req: Request): string {
  const parsed = uploadIdSchema.safeParse(req.params.uploadId);
  if (!parsed.success) throw StorageHttpError.uploadNotFound();
  return parsed.data.toLowerCase();
}

/** The refusal of a method an upload URL does not answer. */
export function methodNotAllowed(): StorageHttpError {
  return new StorageHttpError(
    405,
    "MethodNotAllowed",
    "method_not_allowed",
    "An upload answers HEAD, PATCH and DELETE",
  );
}

/** OPTIONS: what this server speaks (asked without Tus-Resumable, since the client does not know yet). */
export async function describeServer(services: TusServices, _req: Request, res: Response): Promise<void> {
  res.setHeader("tus-version", tus.TUS_VERSION);
  res.setHeader("tus-extension", tus.TUS_EXTENSIONS.join(","));
  res.setHeader("tus-max-size", String(services.runtime.settings.STORAGE_MAX_FILE_SIZE));
  res.status(204).end();
}

/** POST: creates an upload and answers where to send its bytes. */
export async function answerCreation(services: TusServices, req: Request, res: Response): Promise<void> {
  tus.assertTusVersion(req);
  const caller = await services.admit(req, res);
  if (req.headers["upload-defer-length"] !== undefined) {
    throw StorageHttpError.invalidRequest("Upload-Defer-Length is not supported; send Upload-Length");
  }
  const length = tus.requiredByteCount(req, "upload-length");
  const metadata = parseUploadMetadata(tus.uploadMetadataHeader(req));
  const upload = await createUpload(services.runtime, caller, { length, metadata, upsert: tus.wantsUpsert(req) });
  const base = publicBaseUrl(services.runtime, `${req.protocol}://${req.host}`);
  res.setHeader("location", `${base}/orgs/${caller.organizationId}/upload/resumable/${upload.id}`);
  res.setHeader("upload-expires", upload.expires_at.toUTCString());
  res.status(201).end();
}

/** HEAD: where an upload stands. */
export async function answerOffset(services: TusServices, req: Request, res: Response): Promise<void> {
  tus.assertTusVersion(req);
  const caller = await services.admit(req, res);
  const upload = await describeUpload(services.runtime, caller, uploadIdOf(req));
  res.setHeader("upload-offset", String(upload.upload_offset));
  res.setHeader("upload-length", String(upload.upload_length));
  res.setHeader("upload-expires", upload.expires_at.toUTCString());
  res.setHeader("cache-control", "no-store");
  res.status(200).end();
}

/** PATCH: stores the bytes of the body at the offset it names. */
export async function answerAppend(services: TusServices, req: Request, res: Response): Promise<void> {
  // Listening at once, so a client that goes away while it is being admitted still ends the body.
  const { body, stop } = bytesUntilDisconnect(req);
  tus.assertTusVersion(req);
  const caller = await services.admit(req, res);
  if (tus.contentTypeOf(req) !== tus.OFFSET_CONTENT_TYPE) {
    throw new StorageHttpError(
      415,
      "InvalidContentType",
      "invalid_content_type",
      `Send the bytes as ${tus.OFFSET_CONTENT_TYPE}`,
    );
  }
  const offset = tus.requiredByteCount(req, "upload-offset");
  const declaredSize = tus.byteCountHeader(req, "content-length");
  const uploadId = uploadIdOf(req);
  const position = await appendToUpload(services.runtime, caller, { uploadId, offset, declaredSize, body, stop });
  res.setHeader("upload-offset", String(position.offset));
  res.setHeader("upload-expires", position.expiresAt.toUTCString());
  res.status(204).end();
}

/** DELETE: ends an upload and drops its bytes. */
export async function answerTermination(services: TusServices, req: Request, res: Response): Promise<void> {
  tus.assertTusVersion(req);
  const caller = await services.admit(req, res);
  if (!(await terminateUpload(services.runtime, caller, uploadIdOf(req)))) {
    throw StorageHttpError.uploadNotFound();
  }
  res.status(204).end();
}
