import { bucketStartOf } from "../../metrics/bucket-grid";

/** How long after a bucket ends its late points are still awaited before the bucket is judged. */
export const SETTLE_MS = 30_000;

/**
 * The most buckets one run judges for a detector. A detector further behind (new, or enabled
 * again after a long pause) judges only the latest ones; the older ones are left unjudged.
 */
export const MAX_JUDGED_BUCKETS = 1_440;

/** Which buckets a run judges, [judgeFrom, judgeTo), and from where it reads the history before them. */
export interface JudgedRange {
  readFrom: Date;
  judgeFrom: Date;
  judgeTo: Date;
}

/** What decides a detector's next range. */
export interface JudgedRangeInput {
  /** The end of the last bucket judged; null before the first run. */
  checkedUntil: Date | null;
  bucketSeconds: number;
  /** Buckets of history to read before the first judged one. */
  historyBuckets: number;
  now: Date;
}

/**
 * The complete buckets after `checkedUntil` (rounded up to a bucket boundary, since the width may
 * have changed since), at most MAX_JUDGED_BUCKETS of them; null when none has completed since.
 */
export function judgedRange(input: JudgedRangeInput): JudgedRange | null {
  const width = input.bucketSeconds * 1_000;
  const judgeTo = bucketStartOf(input.now.getTime() - SETTLE_MS, width);
  const earliest = judgeTo - MAX_JUDGED_BUCKETS * width;
  const checked =
    input.checkedUntil === null ? earliest : bucketStartOf(input.checkedUntil.getTime() + width - 1, width);
  const judgeFrom = Math.max(earliest, checked);
  if (judgeFrom >= judgeTo) return null;
  return {
    readFrom: new Date(judgeFrom - input.historyBuckets * width),
    judgeFrom: new Date(judgeFrom),
    judgeTo: new Date(judgeTo),
  };
}
