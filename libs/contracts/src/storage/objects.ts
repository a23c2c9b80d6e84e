import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { pageInputSchema, pageSchema } from "../common/page";
import { bucketNameSchema, objectPathSchema } from "./names";

export const objectInfoSchema = z.object({
  id: z.string(),
  bucket: z.string(),
  path: z.string(),
  size: z.number().int().nonnegative(),
  mimeType: z.string().nullable(),
  /** sha256 of the bytes, hex; also the object's ETag. */
  checksum: z.string().nullable(),
  cacheControl: z.string().nullable(),
  /** What the uploader attached (`x-metadata` in Supabase's API). */
  metadata: z.record(z.string(), z.unknown()),
  owner: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ObjectInfo = z.infer<typeof objectInfoSchema>;

export const listObjectsInputSchema = pageInputSchema
  .extend({
    bucket: bucketNameSchema,
    /** Only objects whose path starts with it (a folder is a prefix ending in `/`). */
    prefix: z.string().max(1024).optional(),
    /** Only objects whose path contains it, ignoring case. */
    search: z.string().trim().min(1).max(200).optional(),
    /** The `nextCursor` of the previous page: the path of its last object, so as long as a path. */
    cursor: z.string().min(1).max(1024).optional(),
  })
  .strict();
export type ListObjectsInput = z.infer<typeof listObjectsInputSchema>;
export const objectPageSchema = pageSchema(objectInfoSchema);

export const moveObjectInputSchema = z
  .object({
    bucket: bucketNameSchema,
    from: objectPathSchema,
    to: objectPathSchema,
    /** Another bucket of the organization to move or copy into; the same bucket when omitted. */
    destinationBucket: bucketNameSchema.optional(),
  })
  .strict();
export type MoveObjectInput = z.infer<typeof moveObjectInputSchema>;

export const removeObjectsInputSchema = z
  .object({ bucket: bucketNameSchema, paths: z.array(objectPathSchema).min(1).max(1000) })
  .strict();

/** A signed download link lives at most a week. */
export const MAX_SIGNED_URL_SECONDS = 7 * 24 * 3600;

export const createSignedUrlInputSchema = z
  .object({
    bucket: bucketNameSchema,
    path: objectPathSchema,
    expiresIn: z.number().int().min(1).max(MAX_SIGNED_URL_SECONDS),
    /** Ask browsers to save the file (under this name when a string is given). */
    download: z.union([z.boolean(), z.string().min(1).max(255)]).optional(),
  })
  .strict();

export const signedUrlSchema = z.object({ signedUrl: z.string(), expiresAt: z.date() });

export const createSignedUploadUrlInputSchema = z
  .object({ bucket: bucketNameSchema, path: objectPathSchema, upsert: z.boolean().default(false) })
  .strict();
export const signedUploadUrlSchema = z.object({ signedUrl: z.string(), token: z.string(), path: z.string() });

export const removedObjectsSchema = z.array(objectInfoSchema);

export const checksumCheckSchema = z.object({
  checksum: z.string().nullable(),
  /** The sha256 of the bytes read back now; null when the backend holds no bytes for the object. */
  actual: z.string().nullable(),
  matches: z.boolean(),
});

export const objectIdSchema = z.object({ objectId: idSchema }).strict();
