import { z } from "zod";
import { jsonObjectSchema } from "../common/json-object";

/** A metadata key: dotted paths reach into nested objects (`author.name`). */
export const metadataKeySchema = z
  .string()
  .min(1, "a metadata key must not be empty")
  .max(200)
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, "a metadata key is letters, digits, _ and -, dotted for nesting");

const scalarSchema = z.union([z.string().max(1_000), z.number().finite(), z.boolean(), z.null()]);

const conditionSchema = z
  .object({
    eq: scalarSchema.optional(),
    ne: scalarSchema.optional(),
    in: z.array(scalarSchema).min(1).max(1_000).optional(),
    gt: z.union([z.number().finite(), z.string().max(100)]).optional(),
    gte: z.union([z.number().finite(), z.string().max(100)]).optional(),
    lt: z.union([z.number().finite(), z.string().max(100)]).optional(),
    lte: z.union([z.number().finite(), z.string().max(100)]).optional(),
    exists: z.boolean().optional(),
    /** The value is an array holding at least one of these strings. */
    containsAny: z.array(z.string().max(1_000)).min(1).max(200).optional(),
  })
  .strict()
  .refine((condition) => Object.keys(condition).length > 0, { message: "a condition needs an operator" });

export type MetadataCondition = z.infer<typeof conditionSchema>;

/**
 * A filter on item metadata: `{ key: value }` for equality, `{ key: { in: [...] } }` and the
 * other operators, combined with `and` / `or` / `not`. Nesting is bounded so a filter stays cheap to plan.
 */
export type MetadataFilter = {
  and?: MetadataFilter[];
  or?: MetadataFilter[];
  not?: MetadataFilter;
} & { [key: string]: unknown };

const MAX_FILTER_DEPTH = 6;

function filterSchemaAt(depth: number): z.ZodType<MetadataFilter> {
  const nested: z.ZodType<MetadataFilter> =
    depth >= MAX_FILTER_DEPTH
      ? z.never({ error: `filters nest at most ${MAX_FILTER_DEPTH} levels` })
      : z.lazy(() => filterSchemaAt(depth + 1));
  return jsonObjectSchema({ maxBytes: 64_000, maxDepth: 3 * MAX_FILTER_DEPTH }, "a filter").superRefine(
    (filter, context) => {
      const keys = Object.keys(filter);
      if (keys.length > 50) context.addIssue({ code: "custom", message: "a filter has at most 50 keys" });
      for (const key of keys) {
        const value = filter[key];
        const result =
          key === "and" || key === "or"
            ? z.array(nested).min(1).max(20).safeParse(value)
            : key === "not"
              ? nested.safeParse(value)
              : metadataKeySchema.safeParse(key).success
                ? z.union([scalarSchema, conditionSchema]).safeParse(value)
                : metadataKeySchema.safeParse(key);
        if (!result.success) {
          for (const issue of result.error.issues) {
            context.addIssue({ code: "custom", message: issue.message, path: [key, ...issue.path] });
          }
        }
      }
    },
  ) as z.ZodType<MetadataFilter>;
}

export const metadataFilterSchema = filterSchemaAt(0);
