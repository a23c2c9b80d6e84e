import { z } from "zod";

export const analyticsWindowInputSchema = z
  .object({
    from: z.date().optional(),
    to: z.date().optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .strict()
  .refine((input) => !input.from || !input.to || input.from <= input.to, {
    message: "from must not be after to",
    path: ["from"],
  });

export const queryCountSchema = z.object({
  queryText: z.string(),
  count: z.number().int().nonnegative(),
  lastSearchedAt: z.date(),
});

export const topQueriesOutputSchema = z.object({ items: z.array(queryCountSchema) });

export const latencyOutputSchema = z.object({
  searches: z.number().int().nonnegative(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
