import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { jsonObjectSchema } from "../common/json-object";
import { pageInputSchema, pageSchema } from "../common/page";

const collectionNameSchema = z
  .string()
  .trim()
  .min(1, "name must not be empty")
  .max(120, "name must be at most 120 characters");

/** A JSON Schema (draft 2020-12) that every item's metadata must satisfy; `{}` accepts anything. */
export const metadataJsonSchemaSchema = jsonObjectSchema({ maxBytes: 64_000, maxDepth: 32 }, "the metadata schema");

export const createCollectionInputSchema = z
  .object({
    name: collectionNameSchema,
    description: z.string().trim().max(1_000).optional(),
    /** The model the collection's items are embedded with; the organization's default when omitted. */
    modelId: idSchema.optional(),
    metadataSchema: metadataJsonSchemaSchema.default({}),
  })
  .strict();

export const updateCollectionInputSchema = z
  .object({
    collectionId: idSchema,
    name: collectionNameSchema.optional(),
    description: z.string().trim().max(1_000).nullable().optional(),
    /** Applies to items written from now on; items already stored are not re-checked. */
    metadataSchema: metadataJsonSchemaSchema.optional(),
  })
  .strict()
  .refine(
    (input) => input.name !== undefined || input.description !== undefined || input.metadataSchema !== undefined,
    { message: "give a name, description or metadataSchema to change" },
  );

export const collectionIdInputSchema = z.object({ collectionId: idSchema });

export const listCollectionsInputSchema = pageInputSchema.extend({
  search: z.string().trim().min(1).max(100).optional(),
});

export const collectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  modelId: z.string(),
  metadataSchema: z.record(z.string(), z.unknown()),
  itemCount: z.number().int().nonnegative(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Collection = z.infer<typeof collectionSchema>;

export const collectionPageSchema = pageSchema(collectionSchema);
