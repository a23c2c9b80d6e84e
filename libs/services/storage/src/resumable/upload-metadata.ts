import { bucketNameSchema } from "@cauldron/contracts";
import { z } from "zod";
import { checkObjectName, ObjectPathError } from "../http-kit/object-path";
import { StorageHttpError } from "../http-kit/storage-errors";
import { isStorableMetadata, MAX_USER_METADATA_DEPTH } from "../http-kit/user-metadata";

/** What a resumable upload is told to become, read from its Upload-Metadata header. */
export interface UploadMetadata {
  bucketName: string;
  /** The object's path, checked as a URL path's object name is. */
  objectName: string;
  contentType?: string;
  cacheControl?: string;
  metadata: Record<string, unknown>;
}

// Node refuses request heads past 16 KiB anyway; this keeps one header from taking all of that.
const MAX_HEADER_LENGTH = 8 * 1024;
const MAX_PAIRS = 16;
const KEY = /^[!-+\--~]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;[\u0020-\u007e]*)?$/i;
const PRINTABLE = /^[\u0020-\u007e]*$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

const userMetadataSchema = z
  .string()
  .max(4 * 1024)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "metadata must be JSON" });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .record(z.string(), z.unknown())
      .refine(
        isStorableMetadata,
        `metadata must nest at most ${MAX_USER_METADATA_DEPTH} deep and hold no NUL or unpaired surrogate`,
      ),
  );

const uploadMetadataSchema = z.object({
  bucketName: bucketNameSchema,
  objectName: z
    .string()
    .min(1)
    .max(4 * 1024),
  contentType: z.string().max(255).regex(MIME_TYPE, "contentType must be a MIME type").optional(),
  cacheControl: z.string().max(255).regex(PRINTABLE, "cacheControl must be printable ASCII").optional(),
  metadata: userMetadataSchema.optional(),
});

function decodeValue(key: string, encoded: string): string {
  if (!BASE64.test(encoded))
    throw StorageHttpError.invalidRequest(`Upload-Metadata: the value of ${key} is not base64`);
  try {
    return utf8.decode(Buffer.from(encoded, "base64"));
  } catch {
    throw StorageHttpError.invalidRequest(`Upload-Metadata: the value of ${key} is not UTF-8 text`);
  }
}

/** The header's `key base64value` pairs, decoded; a key without a value reads as "". */
export function decodeMetadataPairs(header: string): Map<string, string> {
  if (header.length > MAX_HEADER_LENGTH) {
    throw StorageHttpError.invalidRequest(`Upload-Metadata is longer than ${MAX_HEADER_LENGTH} characters`);
  }
  const pairs = new Map<string, string>();
  const entries = header.split(",").map((entry) => entry.trim());
  if (entries.length > MAX_PAIRS)
    throw StorageHttpError.invalidRequest(`Upload-Metadata holds more than ${MAX_PAIRS} keys`);
  for (const entry of entries) {
    const [key = "", encoded = "", ...extra] = entry.split(" ");
    if (!KEY.test(key) || extra.length > 0) throw StorageHttpError.invalidRequest("Upload-Metadata is malformed");
    if (pairs.has(key)) throw StorageHttpError.invalidRequest(`Upload-Metadata names ${key} twice`);
    pairs.set(key, decodeValue(key, encoded));
  }
  return pairs;
}

function checkedObjectName(name: string): string {
  try {
    return checkObjectName(name);
  } catch (error) {
    if (error instanceof ObjectPathError) throw StorageHttpError.invalidObjectName(error);
    throw error;
  }
}

/** Reads and checks Supabase's upload metadata (bucketName, objectName, contentType, cacheControl, metadata). */
export function parseUploadMetadata(header: string | undefined): UploadMetadata {
  if (header === undefined || header.trim() === "") {
    throw StorageHttpError.invalidRequest("Send Upload-Metadata with bucketName and objectName");
  }
  const parsed = uploadMetadataSchema.safeParse(Object.fromEntries(decodeMetadataPairs(header)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || "Upload-Metadata";
    throw StorageHttpError.invalidRequest(`Upload-Metadata: ${field}: ${issue?.message ?? "invalid"}`);
  }
  const { metadata, ...fields } = parsed.data;
  return { ...fields, objectName: checkedObjectName(fields.objectName), metadata: metadata ?? {} };
}
