import { z } from "zod";

const limit = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable();

export const storageUsageSchema = z.object({
  bytes: z.number().int().nonnegative(),
  objects: z.number().int().nonnegative(),
  /** The organization's limits; null means no limit beyond the platform's. */
  maxBytes: limit,
  maxObjects: limit,
});
export type StorageUsage = z.infer<typeof storageUsageSchema>;

export const setQuotaInputSchema = z.object({ maxBytes: limit, maxObjects: limit }).strict();
