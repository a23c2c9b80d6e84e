import { FILE_HEADERS_ONLY, formatPatch, structuredPatch, type StructuredPatch } from "diff";
import { coarsePatch } from "./coarse-patch";

/** A unified diff between two texts, with the number of added and removed lines. */
export interface VersionDiff {
  unified: string;
  additions: number;
  deletions: number;
}

const CONTEXT_LINES = 3;
/**
 * The line diff's cost grows with the square of the number of changed lines. Past this many, the
 * diff is coarse: one hunk that removes every line from the first change to the last and adds the
 * new ones (still a valid unified diff, just not a minimal one).
 */
const MAX_CHANGED_LINES = 2_000;

/** A line-based unified diff (3 lines of context) from one version's text to another's. */
export function diffTexts(
  before: { label: string; text: string },
  after: { label: string; text: string },
): VersionDiff {
  const patch =
    structuredPatch(before.label, after.label, before.text, after.text, undefined, undefined, {
      context: CONTEXT_LINES,
      maxEditLength: MAX_CHANGED_LINES,
    }) ?? coarsePatch(before, after, CONTEXT_LINES);
  return { unified: formatPatch(patch, FILE_HEADERS_ONLY), ...countChangedLines(patch) };
}

function countChangedLines(patch: StructuredPatch): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const hunk of patch.hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith("+")) additions++;
      else if (line.startsWith("-")) deletions++;
    }
  }
  return { additions, deletions };
}
