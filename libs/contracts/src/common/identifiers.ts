import { z } from "zod";

/** A row id as every service exposes it. */
export const idSchema = z.string().uuid("must be a UUID");

/** Cursor pagination input shared by list procedures. */
export const pageInputSchema = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(512).optional(),
});

export type PageInput = z.infer<typeof pageInputSchema>;
