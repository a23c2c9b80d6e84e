import { z } from "zod";

/**
 * The id of one delivery of a resumable subscription (a Redis Stream entry id, "<ms>-<seq>"); a
 * client sends the last one it received back as `lastEventId` to resume right after it.
 */
export const realtimeEventIdSchema = z
  .string()
  .max(41)
  .regex(/^\d{1,20}-\d{1,20}$/, { error: "lastEventId must be the id of an event this subscription sent" });

/** The input of every resumable subscription: where to resume, or nothing to start from now. */
export const resumableSubscriptionInputSchema = z.object({ lastEventId: realtimeEventIdSchema.nullish() });

/** Sent first when a subscription starts without `lastEventId`: changes follow from this point. */
export const subscribedMarkerSchema = z.object({ type: z.literal("subscribed") });

/**
 * Sent instead of the missed changes when they can no longer be replayed: the client refetches
 * what it shows, then keeps applying the changes that follow. `expired`: older than the retention
 * window; `unknown_position`: the id was never sent by this deployment.
 */
export const resetMarkerSchema = z.object({
  type: z.literal("reset"),
  reason: z.enum(["expired", "unknown_position"]),
});

export type ResumableSubscriptionInput = z.infer<typeof resumableSubscriptionInputSchema>;
export type ResetMarker = z.infer<typeof resetMarkerSchema>;
