import { z } from "zod";

const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
// Control characters and backslashes have no place in a path users see or in a signed link.
const FORBIDDEN_IN_PATH = /[\u0000-\u001f\u007f-\u009f\\]/;
const MAX_PATH_BYTES = 1024;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A bucket's name, which is also its id in Supabase's API: unique within the organization. */
export const bucketNameSchema = z
  .string()
  .regex(BUCKET_NAME, "a bucket name is 1-63 lower-case letters, digits, dots, dashes or underscores")
  .refine((name) => !name.includes(".."), "a bucket name must not contain '..'");

/** An object's path inside its bucket: segments joined by `/`, none empty, `.` or `..`. */
export const objectPathSchema = z
  .string()
  .min(1, "give the object's path")
  .refine((path) => Buffer.byteLength(path) <= MAX_PATH_BYTES, `an object path is at most ${MAX_PATH_BYTES} bytes`)
  .refine((path) => !FORBIDDEN_IN_PATH.test(path), "an object path must not hold control characters or '\\'")
  .refine((path) => !LONE_SURROGATE.test(path), "an object path must be well-formed Unicode")
  .refine(
    (path) => path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== ".."),
    "an object path's segments must not be empty, '.' or '..'",
  );

/** A MIME type or a family of them (`image/*`) a bucket accepts. */
export const mimeTypePatternSchema = z
  .string()
  .max(255)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/i, "a MIME type such as image/png or image/*");

/** What a grant or a bucket's default allows, each including the ones before it. */
export const storageAccessLevels = ["read", "write", "delete", "admin"] as const;
export const storageAccessLevelSchema = z.enum(storageAccessLevels);
export type StorageAccessLevel = z.infer<typeof storageAccessLevelSchema>;

export const objectRefSchema = z.object({ bucket: bucketNameSchema, path: objectPathSchema }).strict();
export type ObjectRef = z.infer<typeof objectRefSchema>;
