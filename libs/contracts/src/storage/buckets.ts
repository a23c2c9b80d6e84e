import { z } from "zod";
import { bucketNameSchema, mimeTypePatternSchema, storageAccessLevelSchema } from "./names";

const fileSizeLimitSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** What every member of the organization may do with a bucket's objects, beside grants; `none` leaves it to grants and owners. */
const defaultAccessSchema = z.union([z.literal("none"), storageAccessLevelSchema]);

const bucketSettings = {
  /** Anyone may download the bucket's objects without signing in. */
  public: z.boolean(),
  /** Largest object in bytes; the platform's own limit applies when null. */
  fileSizeLimit: fileSizeLimitSchema.nullable(),
  /** MIME types (or families such as `image/*`) the bucket accepts, checked against the bytes; null accepts all. */
  allowedMimeTypes: z.array(mimeTypePatternSchema).max(100).nullable(),
  defaultAccess: defaultAccessSchema,
  /** Text, Markdown, HTML and PDF objects are handed to the knowledge base as documents. */
  knowledgeSource: z.boolean(),
};

export const createBucketInputSchema = z
  .object({
    name: bucketNameSchema,
    public: bucketSettings.public.default(false),
    fileSizeLimit: bucketSettings.fileSizeLimit.optional(),
    allowedMimeTypes: bucketSettings.allowedMimeTypes.optional(),
    defaultAccess: defaultAccessSchema.default("write"),
    knowledgeSource: bucketSettings.knowledgeSource.default(false),
  })
  .strict();
export type CreateBucketInput = z.infer<typeof createBucketInputSchema>;

export const updateBucketInputSchema = z
  .object({
    name: bucketNameSchema,
    public: bucketSettings.public.optional(),
    fileSizeLimit: bucketSettings.fileSizeLimit.optional(),
    allowedMimeTypes: bucketSettings.allowedMimeTypes.optional(),
    defaultAccess: defaultAccessSchema.optional(),
    knowledgeSource: bucketSettings.knowledgeSource.optional(),
  })
  .strict()
  .refine(
    (input) => Object.keys(input).some((key) => key !== "name"),
    "give at least one of public, fileSizeLimit, allowedMimeTypes, defaultAccess or knowledgeSource to change",
  );
export type UpdateBucketInput = z.infer<typeof updateBucketInputSchema>;

export const bucketRefSchema = z.object({ name: bucketNameSchema }).strict();

export const listBucketsInputSchema = z
  .object({
    limit: z.number().int().min(1).max(1000).default(100),
    offset: z.number().int().min(0).max(1_000_000).default(0),
    search: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type ListBucketsInput = z.infer<typeof listBucketsInputSchema>;

export const bucketSchema = z.object({
  /** The bucket's name, as Supabase's API calls it. */
  id: z.string(),
  name: z.string(),
  ...bucketSettings,
  owner: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Bucket = z.infer<typeof bucketSchema>;

export const bucketListSchema = z.array(bucketSchema);

export const deletedBucketSchema = z.object({ name: z.string() });

export const emptiedBucketSchema = z.object({
  name: z.string(),
  /** How many objects went; objects the caller may not delete stay. */
  removedObjects: z.number().int().nonnegative(),
});
