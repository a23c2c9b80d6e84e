import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { pageInputSchema, pageSchema } from "../common/page";
import { bucketNameSchema, objectPathSchema, storageAccessLevelSchema } from "./names";

export const grantEntityTypes = ["user", "team", "organization", "role"] as const;

/** A grant on a whole bucket, or on one object when `path` is given. */
export const grantTargetSchema = z.object({ bucket: bucketNameSchema, path: objectPathSchema.optional() }).strict();

export const grantAccessInputSchema = grantTargetSchema
  .extend({
    entityType: z.enum(grantEntityTypes),
    entityId: idSchema,
    permission: storageAccessLevelSchema,
  })
  .strict();

export const revokeAccessInputSchema = z.object({ grantId: idSchema }).strict();

export const accessGrantSchema = z.object({
  id: z.string(),
  bucket: z.string(),
  path: z.string().nullable(),
  entityType: z.enum(grantEntityTypes),
  entityId: z.string(),
  permission: storageAccessLevelSchema,
  createdBy: z.string().nullable(),
  createdAt: z.date(),
});
export type AccessGrant = z.infer<typeof accessGrantSchema>;

/** Grants on a bucket and on each of its objects, or with `path` on that one object, oldest first. */
export const listAccessInputSchema = pageInputSchema
  .extend({ bucket: bucketNameSchema, path: objectPathSchema.optional() })
  .strict();
export const accessGrantPageSchema = pageSchema(accessGrantSchema);
