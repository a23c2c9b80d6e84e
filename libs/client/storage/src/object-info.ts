import { z } from "zod";

/** What storage says of an object before its bytes are read. */
export interface StoredObjectInfo {
  id: string;
  bucket: string;
  path: string;
  /** Size in bytes. */
  size: number;
  mimeType: string | null;
  /** The SHA-256 of its bytes (hex), when storage knows it. */
  checksum: string | null;
}

// GET /object/info answers in Supabase Storage's shape; only the fields read here are checked.
const objectInfoAnswerSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  bucket_id: z.string().min(1),
  size: z.number().int().nonnegative(),
  content_type: z.string().nullable().optional(),
  etag: z.string().nullable().optional(),
});

/** The checksum an ETag carries: storage quotes the hex SHA-256 of the bytes. */
export function checksumOfEtag(etag: string | null | undefined): string | null {
  if (!etag) return null;
  return etag.replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
}

/** The object info in storage's answer; throws when the answer is not an object's info. */
export function parseObjectInfo(answer: unknown): StoredObjectInfo {
  const info = objectInfoAnswerSchema.parse(answer);
  return {
    id: info.id,
    bucket: info.bucket_id,
    path: info.name,
    size: info.size,
    mimeType: info.content_type ?? null,
    checksum: checksumOfEtag(info.etag),
  };
}
