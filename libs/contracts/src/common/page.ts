import { z } from "zod";

/** The input every list procedure takes: how many items, and where the previous page ended. */
export const pageInputSchema = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page; omit it for the first page. */
  cursor: z.string().min(1).max(512).optional(),
});

/** The output of every list procedure: a page of `item` and where the next one starts. */
export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    /** Pass back as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  });
}

export type PageInput = z.infer<typeof pageInputSchema>;

/** One page of a list, as clients receive it. */
export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}
