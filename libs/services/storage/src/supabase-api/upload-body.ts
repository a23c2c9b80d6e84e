import type { Request } from "express";
import type { IncomingMessage } from "node:http";
import { PassThrough, type Readable } from "node:stream";
import { z } from "zod";
import { StorageHttpError } from "../http-kit/storage-errors";
import { isStorableMetadata } from "../http-kit/user-metadata";
import type { UploadRequest } from "../objects/upload-object";
import { multipartBoundary, readMultipartUpload } from "./multipart-form";

/** An upload's bytes and what the client said about them, as uploadObject takes them. */
export type UploadBody = Pick<UploadRequest, "body" | "declaredType" | "declaredSize" | "cacheControl" | "metadata">;

// Both come back as response headers on download, so only printable ASCII is kept.
const headerValue = z.string().regex(/^[\x20-\x7e]{1,255}$/);
const maxAgeSeconds = z.string().regex(/^\d{1,10}$/);
const userMetadata = z.record(z.string(), z.unknown()).refine(isStorableMetadata);

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw StorageHttpError.invalidRequest(`${what} is not valid`);
  return parsed.data;
}

function jsonOf(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw StorageHttpError.invalidRequest(`${what} must be a JSON object`);
  }
  return checked(userMetadata, value, what);
}

/**
 * The request body as a stream of its own: when a refused write destroys it, the request itself
 * stays open, so the refusal can still be answered. A client that goes away mid-body fails it.
 */
function detachedBody(req: IncomingMessage): Readable {
  const body = new PassThrough();
  req.pipe(body);
  // The client may leave while the bucket is still being checked, before anything reads the body:
  // an error nobody listens to would end the process. A later reader still gets the failure.
  body.on("error", () => undefined);
  req.once("close", () => {
    if (!req.complete) body.destroy(new Error("the client closed the connection before the body was complete"));
  });
  return body;
}

async function formUpload(req: Request, boundary: string): Promise<UploadBody> {
  const form = await readMultipartUpload(detachedBody(req), boundary);
  const cacheTime = form.fields.get("cacheControl");
  const metadata = form.fields.get("metadata") ?? form.fields.get("userMetadata");
  const type = form.fields.get("contentType") || form.fileType;
  return {
    body: form.file,
    declaredType: type === undefined ? undefined : checked(headerValue, type, "The file's content type"),
    cacheControl: cacheTime ? `max-age=${checked(maxAgeSeconds, cacheTime, "cacheControl")}` : undefined,
    metadata: metadata === undefined ? undefined : jsonOf(metadata, "The metadata field"),
  };
}

function rawUpload(req: Request): UploadBody {
  const type = req.headers["content-type"];
  const cacheControl = req.headers["cache-control"];
  const metadata = req.headers["x-metadata"];
  const length = req.headers["content-length"];
  return {
    body: detachedBody(req),
    declaredType: type === undefined ? undefined : checked(headerValue, type, "Content-Type"),
    declaredSize: length === undefined ? undefined : Number(length),
    cacheControl: cacheControl === undefined ? undefined : checked(headerValue, cacheControl, "Cache-Control"),
    metadata:
      typeof metadata === "string" ? jsonOf(Buffer.from(metadata, "base64").toString("utf8"), "x-metadata") : undefined,
  };
}

/** The upload a request carries: its raw body, or the file part of a multipart/form-data body. */
export async function uploadBodyOf(req: Request): Promise<UploadBody> {
  const contentType = req.headers["content-type"];
  if (contentType && /^multipart\/form-data\b/i.test(contentType)) {
    const boundary = multipartBoundary(contentType);
    if (!boundary) throw StorageHttpError.invalidRequest("A multipart/form-data body needs a boundary");
    return formUpload(req, boundary);
  }
  return rawUpload(req);
}
