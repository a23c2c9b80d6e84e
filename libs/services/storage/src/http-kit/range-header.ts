/** What to send for a `Range` header: the whole body (200), one byte range (206), or 416. */
export type RangeDecision =
  { kind: "whole" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

const WHOLE: RangeDecision = { kind: "whole" };
const UNSATISFIABLE: RangeDecision = { kind: "unsatisfiable" };
const SINGLE_RANGE = /^(\d*)-(\d*)$/;

/**
 * Decides a `Range: bytes=…` header against a body of `size` bytes. `a-b`, `a-` and the suffix
 * `-n` give inclusive `start`/`end` (an end past the body is cut to its last byte); a start past
 * the body, an end before the start or `-0` is unsatisfiable. Anything else is ignored, as HTTP
 * allows: no header, another unit, a malformed one, and several ranges (multipart answers are
 * not served), which all get the whole body.
 */
export function parseRangeHeader(header: string | undefined, size: number): RangeDecision {
  const trimmed = header?.trim() ?? "";
  const unit = /^bytes\s*=/i.exec(trimmed);
  if (!unit) return WHOLE;
  const specs = trimmed
    .slice(unit[0].length)
    .split(",")
    .map((spec) => spec.trim())
    .filter((spec) => spec.length > 0);
  if (specs.length !== 1) return WHOLE;
  const match = SINGLE_RANGE.exec(specs[0]!);
  if (!match) return WHOLE;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return WHOLE;

  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return UNSATISFIABLE;
    // An empty body has no bytes to select; the whole (empty) body is the honest answer.
    if (size === 0) return WHOLE;
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size || (last !== "" && Number(last) < start)) return UNSATISFIABLE;
  return { kind: "partial", start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}

/** The `Content-Range` header of a 206 (`bytes 0-99/1000`), or of a 416 (an asterisk for the range, then the size). */
export function contentRange(decision: RangeDecision, size: number): string | undefined {
  if (decision.kind === "partial") return `bytes ${decision.start}-${decision.end}/${size}`;
  if (decision.kind === "unsatisfiable") return `bytes */${size}`;
  return undefined;
}
