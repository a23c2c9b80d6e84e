import { z } from "zod";
import { idSchema } from "../common/identifiers";
import { pageInputSchema, pageSchema } from "../common/page";

// Names are labels shown in lists and trees: one line, no control characters (Postgres refuses NUL).
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function labelSchema(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(maxLength, `must be at most ${maxLength} characters`)
    .refine((text) => !CONTROL_CHARACTERS.test(text), "must not contain control characters");
}

const descriptionSchema = z
  .string()
  .trim()
  .max(2_000, "must be at most 2000 characters")
  .refine((text) => !text.includes("\u0000"), "must not contain NUL characters");

/** The longest category slug, derived or chosen. */
export const CATEGORY_SLUG_MAX_LENGTH = 100;

/** How many categories one tree or subtree answer holds at most; `truncated` says when more exist. */
export const CATEGORY_TREE_MAX_NODES = 1_000;

export const categorySlugSchema = z
  .string()
  .min(1, "must not be empty")
  .max(CATEGORY_SLUG_MAX_LENGTH, `must be at most ${CATEGORY_SLUG_MAX_LENGTH} characters`)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case letters and digits joined by single dashes, e.g. field-notes");

const sortOrderSchema = z
  .number()
  .int()
  .min(-1_000_000, "must be at least -1000000")
  .max(1_000_000, "must be at most 1000000");

export const createCategoryInputSchema = z
  .object({
    name: labelSchema(200),
    /** Derived from the name when omitted, with a numeric suffix when that slug is taken. */
    slug: categorySlugSchema.optional(),
    /** The parent category; omitted or null for a top-level category. */
    parentId: idSchema.nullable().optional(),
    description: descriptionSchema.optional(),
    sortOrder: sortOrderSchema.optional(),
  })
  .strict();

export const updateCategoryInputSchema = z
  .object({
    id: idSchema,
    name: labelSchema(200).optional(),
    slug: categorySlugSchema.optional(),
    /** null clears the description. */
    description: descriptionSchema.nullable().optional(),
    sortOrder: sortOrderSchema.optional(),
  })
  .strict()
  .refine(
    (input) =>
      input.name !== undefined ||
      input.slug !== undefined ||
      input.description !== undefined ||
      input.sortOrder !== undefined,
    { message: "give a name, slug, description or sortOrder to change" },
  );

export const moveCategoryInputSchema = z
  .object({
    id: idSchema,
    /** The new parent; null makes the category top-level. */
    parentId: idSchema.nullable(),
  })
  .strict();

export const categoryIdInputSchema = z.object({ id: idSchema }).strict();

export const listCategoriesInputSchema = pageInputSchema
  .extend({
    /** Lists this category's children; top-level categories when omitted. */
    parentId: idSchema.optional(),
  })
  .strict();

export const categoryTreeInputSchema = z
  .object({
    /** Starts the tree at this category (depth 0); at the top-level categories when omitted. */
    rootId: idSchema.optional(),
    /** The deepest depth included, 0 for the starting level only; unbounded when omitted. */
    maxDepth: z.number().int().min(0).max(1_000).optional(),
  })
  .strict();

export const categorySchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  sortOrder: z.number().int(),
  childCount: z.number().int().nonnegative(),
  /** Documents filed directly in this category that the caller may see. */
  documentCount: z.number().int().nonnegative(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Category = z.infer<typeof categorySchema>;

export const categoryPathStepSchema = z.object({ id: z.string(), name: z.string() });
export type CategoryPathStep = z.infer<typeof categoryPathStepSchema>;

export const categoryDetailSchema = categorySchema.extend({
  /** The ancestors from the top-level category down to the parent; empty for a top-level category. */
  path: z.array(categoryPathStepSchema),
});
export type CategoryDetail = z.infer<typeof categoryDetailSchema>;

export const categoryPageSchema = pageSchema(categorySchema);

export const categoryNodeSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  slug: z.string(),
  sortOrder: z.number().int(),
  /** 0 at the starting level, one more per level below. */
  depth: z.number().int().nonnegative(),
  childCount: z.number().int().nonnegative(),
});
export type CategoryNode = z.infer<typeof categoryNodeSchema>;

export const categoryTreeSchema = z.object({
  /** Depth-first: each category is followed by its children, siblings by sortOrder then name. */
  nodes: z.array(categoryNodeSchema),
  /** True when the tree holds more than CATEGORY_TREE_MAX_NODES; the deepest levels are cut first. */
  truncated: z.boolean(),
});
export type CategoryTree = z.infer<typeof categoryTreeSchema>;

export const deletedCategorySchema = z.object({
  id: z.string(),
  /** The category and every category below it. */
  deletedCategories: z.number().int().positive(),
});
export type DeletedCategory = z.infer<typeof deletedCategorySchema>;

export const tagColorSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour written #rrggbb, e.g. #3b82f6")
  .transform((color) => color.toLowerCase());

const tagNameSchema = labelSchema(100);

export const createTagInputSchema = z
  .object({
    name: tagNameSchema,
    color: tagColorSchema.optional(),
  })
  .strict();

export const updateTagInputSchema = z
  .object({
    id: idSchema,
    name: tagNameSchema.optional(),
    /** null clears the colour. */
    color: tagColorSchema.nullable().optional(),
  })
  .strict()
  .refine((input) => input.name !== undefined || input.color !== undefined, {
    message: "give a name or color to change",
  });

export const tagIdInputSchema = z.object({ id: idSchema }).strict();

export const listTagsInputSchema = pageInputSchema
  .extend({
    /** Only tags whose name contains this text, ignoring case. */
    text: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters").optional(),
  })
  .strict();

export const mergeTagsInputSchema = z
  .object({
    sourceTagIds: z.array(idSchema).min(1, "name at least one tag to merge").max(100, "merge at most 100 tags at once"),
    targetTagId: idSchema,
  })
  .strict()
  .refine((input) => !input.sourceTagIds.includes(input.targetTagId), {
    path: ["sourceTagIds"],
    message: "must not include targetTagId",
  });

export const tagSchema = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string().nullable(),
  /** Documents carrying the tag that the caller may see. */
  documentCount: z.number().int().nonnegative(),
  createdAt: z.date(),
});
export type Tag = z.infer<typeof tagSchema>;

export const tagPageSchema = pageSchema(tagSchema);

export const deletedTagSchema = z.object({ id: z.string() });

export const mergedTagsSchema = z.object({
  /** The target tag, counting the documents it now carries. */
  tag: tagSchema,
  /** The source tags, now deleted. */
  mergedTagIds: z.array(z.string()),
});
export type MergedTags = z.infer<typeof mergedTagsSchema>;
