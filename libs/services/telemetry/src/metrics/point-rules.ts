import { METRIC_NAME_PATTERN, METRIC_NAME_RULE } from "@cauldron/contracts";
import type { InvalidField } from "@cauldron/rpc";

/** Most dimensions one stored point carries, and the bounds of each key, value and the whole set. */
export const MAX_POINT_DIMENSIONS = 64;
export const MAX_DIMENSION_KEY_LENGTH = 128;
export const MAX_DIMENSION_VALUE_LENGTH = 1_024;
export const MAX_DIMENSIONS_BYTES = 8 * 1_024;
/** How far ahead of the server's clock a point may be, for clients whose clocks run fast. */
export const MAX_FUTURE_MS = 10 * 60_000;
// A write full of bad points is answered with the first of them, which is enough to fix the writer.
const MAX_REPORTED_POINTS = 100;

/** A point as a writer sends it, before it is stored. */
export interface CandidatePoint {
  metric: string;
  time: Date;
  value: number;
  dimensions?: Record<string, string>;
}

/** One broken rule of one point: the field it concerns and what to fix. */
export interface PointProblem {
  field: "metric" | "time" | "value" | "dimensions";
  message: string;
}

// jsonb holds neither NUL characters nor halves of a surrogate pair. Text without a NUL or any
// surrogate, nearly all text, passes the first, plain character class without the lookarounds.
const MAYBE_UNSTORABLE = /[\0\ud800-\udfff]/;
const UNSTORABLE_TEXT = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isUnstorable = (text: string) => MAYBE_UNSTORABLE.test(text) && UNSTORABLE_TEXT.test(text);

// JSON writes a UTF-16 code unit as at most six bytes (a \u escape) and an entry's quotes, colon
// and comma as six more: dimensions below this bound need no JSON.stringify to be measured.
const MAX_JSON_BYTES_PER_CHARACTER = 6;
const JSON_BYTES_PER_ENTRY = 6;

function dimensionsProblem(dimensions: Record<string, string>): string | undefined {
  const entries = Object.entries(dimensions);
  if (entries.length > MAX_POINT_DIMENSIONS) return `a point carries at most ${MAX_POINT_DIMENSIONS} dimensions`;
  let mostBytes = 2;
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > MAX_DIMENSION_KEY_LENGTH) {
      return `dimension keys are 1 to ${MAX_DIMENSION_KEY_LENGTH} characters`;
    }
    if (value.length > MAX_DIMENSION_VALUE_LENGTH) {
      return `the value of dimension ${JSON.stringify(key.slice(0, 64))} is longer than ${MAX_DIMENSION_VALUE_LENGTH} characters`;
    }
    if (isUnstorable(key) || isUnstorable(value)) {
      return "dimensions must not hold NUL characters or unpaired surrogates";
    }
    mostBytes += (key.length + value.length) * MAX_JSON_BYTES_PER_CHARACTER + JSON_BYTES_PER_ENTRY;
  }
  if (mostBytes > MAX_DIMENSIONS_BYTES && Buffer.byteLength(JSON.stringify(dimensions)) > MAX_DIMENSIONS_BYTES) {
    return `a point's dimensions take at most ${MAX_DIMENSIONS_BYTES} bytes as JSON`;
  }
  return undefined;
}

/** Every rule `point` breaks, judged at `now`; empty when it may be stored. */
export function pointProblems(point: CandidatePoint, now: Date): PointProblem[] {
  const problems: PointProblem[] = [];
  if (!METRIC_NAME_PATTERN.test(point.metric)) {
    problems.push({ field: "metric", message: METRIC_NAME_RULE });
  }
  const time = point.time.getTime();
  if (Number.isNaN(time) || time < 0) problems.push({ field: "time", message: "time must not be before 1970" });
  else if (time > now.getTime() + MAX_FUTURE_MS) {
    problems.push({ field: "time", message: "time must not be more than 10 minutes in the future" });
  }
  if (!Number.isFinite(point.value)) {
    problems.push({ field: "value", message: "value must be a finite number (not NaN or infinite)" });
  }
  const dimensions = dimensionsProblem(point.dimensions ?? {});
  if (dimensions) problems.push({ field: "dimensions", message: dimensions });
  return problems;
}

/**
 * The broken rules of a batch as field errors addressed `points.<index>.<field>`, for the first
 * hundred points that break any; empty when every point may be stored.
 */
export function pointIssues(points: readonly CandidatePoint[], now: Date = new Date()): InvalidField[] {
  const issues: InvalidField[] = [];
  let reported = 0;
  let unreported = 0;
  points.forEach((point, index) => {
    const problems = pointProblems(point, now);
    if (problems.length === 0) return;
    if (reported === MAX_REPORTED_POINTS) {
      unreported += 1;
      return;
    }
    reported += 1;
    for (const problem of problems) issues.push({ path: ["points", index, problem.field], message: problem.message });
  });
  if (unreported > 0) issues.push({ path: ["points"], message: `${unreported} more points break these rules` });
  return issues;
}
