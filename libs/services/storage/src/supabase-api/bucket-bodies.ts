import {
  createBucketInputSchema,
  updateBucketInputSchema,
  type CreateBucketInput,
  type UpdateBucketInput,
} from "@cauldron/contracts";
import { z } from "zod";
import { isValidBucketName } from "../http-kit/object-path";
import { StorageHttpError } from "../http-kit/storage-errors";

const SIZE_WITH_UNIT = /^(\d+(?:\.\d+)?)(gb|mb|kb|b)$/i;
const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9 };

// Supabase takes a size as bytes or as text such as "20MB" (decimal units); 0 and null mean no limit.
function bytesOf(limit: number | string | null | undefined): number | null | undefined {
  if (limit === undefined) return undefined;
  if (limit === null || limit === 0) return null;
  if (typeof limit === "number") return limit;
  const [, value = "0", unit = "b"] = SIZE_WITH_UNIT.exec(limit) ?? [];
  return Math.round(Number(value) * (UNIT_BYTES[unit.toLowerCase()] ?? 1));
}

const bucketSettings = {
  public: z.boolean().optional(),
  file_size_limit: z
    .union([z.number().int().min(0), z.string().regex(SIZE_WITH_UNIT, "a size such as 1048576 or 20MB"), z.null()])
    .optional()
    .transform(bytesOf),
  allowed_mime_types: z
    .array(z.string().max(255))
    .max(100)
    .nullable()
    .optional()
    .transform((types) => types && types.filter((type) => type.length > 0)),
};

/** POST /bucket as storage-js sends it: the bucket's id is its name. */
export const createBucketBodySchema = z
  .object({ id: z.string().optional(), name: z.string(), type: z.enum(["STANDARD"]).optional(), ...bucketSettings })
  .refine(
    (body) => body.id === undefined || body.id === body.name,
    "id and name must be the same: a bucket's name is its id",
  );

/** PUT /bucket/:id; storage-js also repeats the id and name. */
export const updateBucketBodySchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  ...bucketSettings,
});

function checked<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  if (parsed.error.issues.some((issue) => issue.path[0] === "name")) throw StorageHttpError.invalidBucketName();
  throw StorageHttpError.invalidRequest(parsed.error.issues.map((issue) => issue.message).join("; "));
}

/** The domain's create input for a Supabase create body. */
export function createBucketInputOf(body: z.output<typeof createBucketBodySchema>): CreateBucketInput {
  if (!isValidBucketName(body.name)) throw StorageHttpError.invalidBucketName();
  return checked(createBucketInputSchema, {
    name: body.name,
    public: body.public ?? false,
    ...(body.file_size_limit !== undefined && { fileSizeLimit: body.file_size_limit }),
    ...(body.allowed_mime_types !== undefined && { allowedMimeTypes: body.allowed_mime_types }),
  });
}

/** The domain's update input for a Supabase update body of the bucket `name`. */
export function updateBucketInputOf(name: string, body: z.output<typeof updateBucketBodySchema>): UpdateBucketInput {
  return checked(updateBucketInputSchema, {
    name,
    ...(body.public !== undefined && { public: body.public }),
    ...(body.file_size_limit !== undefined && { fileSizeLimit: body.file_size_limit }),
    ...(body.allowed_mime_types !== undefined && { allowedMimeTypes: body.allowed_mime_types }),
  });
}
