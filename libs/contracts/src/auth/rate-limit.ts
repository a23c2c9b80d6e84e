import { z } from "zod";

/** The error data of a TOO_MANY_REQUESTS refusal: why, and how long to wait before retrying. */
export const rateLimitedErrorDataSchema = z.object({
  reason: z.literal("rate_limited"),
  retryAfterSeconds: z.number().int().positive(),
});

export type RateLimitedErrorData = z.output<typeof rateLimitedErrorDataSchema>;

/** The seconds a rate-limited call asks its caller to wait, read from `error.data` (null for other errors). */
export function retryAfterSecondsOf(errorData: unknown): number | null {
  const parsed = rateLimitedErrorDataSchema.safeParse(errorData);
  return parsed.success ? parsed.data.retryAfterSeconds : null;
}
