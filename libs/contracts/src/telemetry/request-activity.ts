import { z } from "zod";

/*
 * Request activity travels from every service to telemetry as compact batches on a Redis stream:
 * each process tallies its users' requests per minute in memory and appends one batch every few
 * seconds, so counting a request costs no round trip; telemetry drains the stream into
 * timeseries.user_activity.
 */

/** Most users × organizations × minutes one batch carries. */
export const MAX_REQUEST_ACTIVITY_ENTRIES = 1_000;
/** Most distinct procedures or routes one entry counts; the rest are counted under `other`. */
export const MAX_ACTIVITY_PROCEDURES = 100;
/** The label calls beyond MAX_ACTIVITY_PROCEDURES are counted under. */
export const OTHER_ACTIVITY_PROCEDURE = "other";
/** Longest user agent kept with activity; longer ones are cut. */
export const MAX_ACTIVITY_USER_AGENT_LENGTH = 512;

/** The stream request activity travels on, under the deployment's Redis key prefix. */
export function requestActivityStreamKey(prefix: string): string {
  return `${prefix}request-activity`;
}

const count = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** One user's requests in one organization (or none) during one minute. */
export const requestActivityEntrySchema = z
  .object({
    userId: z.guid(),
    organizationId: z.guid().nullable(),
    /** The start of the minute the requests finished in. */
    minute: z.iso.datetime({ offset: true }),
    requests: count,
    /** Calls per procedure (tRPC) or route pattern (plain HTTP). */
    procedures: z
      .record(z.string().min(1).max(200), count)
      .refine(
        (procedures) => Object.keys(procedures).length <= MAX_ACTIVITY_PROCEDURES,
        `procedures holds at most ${MAX_ACTIVITY_PROCEDURES} names`,
      ),
    /** The client address of the minute's last request. */
    ipAddress: z.union([z.ipv4(), z.ipv6()]).nullable(),
    userAgent: z.string().max(MAX_ACTIVITY_USER_AGENT_LENGTH).nullable(),
  })
  .strict();

export type RequestActivityEntry = z.infer<typeof requestActivityEntrySchema>;

/** What one process appends to the stream: a batch id (so a resent batch counts once) and its entries. */
export const requestActivityBatchSchema = z
  .object({
    batchId: z.guid(),
    service: z.string().min(1).max(64),
    entries: z.array(requestActivityEntrySchema).min(1).max(MAX_REQUEST_ACTIVITY_ENTRIES),
  })
  .strict();

export type RequestActivityBatch = z.infer<typeof requestActivityBatchSchema>;
