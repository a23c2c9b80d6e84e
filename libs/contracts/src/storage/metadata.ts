import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { pageInputSchema, pageSchema } from "../common/page";
import { bucketNameSchema, objectPathSchema } from "./names";
import { objectInfoSchema } from "./objects";

const tagSchema = z.string().trim().min(1).max(64);
const linkedEntitySchema = z.object({ type: z.string().trim().min(1).max(100), id: idSchema }).strict();

export const fileMetadataSchema = z.object({
  title: z.string().nullable(),
  description: z.string().nullable(),
  tags: z.array(z.string()),
  entity: z.object({ type: z.string(), id: z.string() }).nullable(),
  updatedAt: z.date().nullable(),
});
export type FileMetadata = z.infer<typeof fileMetadataSchema>;

export const updateFileMetadataInputSchema = z
  .object({
    bucket: bucketNameSchema,
    path: objectPathSchema,
    title: z.string().trim().max(500).nullable().optional(),
    description: z.string().trim().max(10_000).nullable().optional(),
    tags: z.array(tagSchema).max(100).optional(),
    /** The record the file belongs to (a document, a user…); null unlinks it. */
    entity: linkedEntitySchema.nullable().optional(),
  })
  .strict();

export const searchFilesInputSchema = pageInputSchema
  .extend({
    /** Words to find in the title, description or path. */
    query: z.string().trim().min(1).max(200).optional(),
    /** Files carrying every one of these tags. */
    tags: z.array(tagSchema).max(20).optional(),
    entity: linkedEntitySchema.optional(),
    bucket: bucketNameSchema.optional(),
  })
  .strict();

export const describedObjectSchema = objectInfoSchema.extend({ details: fileMetadataSchema });
export const describedObjectPageSchema = pageSchema(describedObjectSchema);
