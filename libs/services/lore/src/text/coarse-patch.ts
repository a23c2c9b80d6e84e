import type { StructuredPatch, StructuredPatchHunk } from "diff";

const NO_NEWLINE = "\\ No newline at end of file";

/**
 * A patch that keeps the common first and last lines of two texts and replaces everything between
 * them in one hunk: linear time whatever the texts, for when a minimal diff would cost too much.
 */
export function coarsePatch(
  before: { label: string; text: string },
  after: { label: string; text: string },
  contextLines: number,
): StructuredPatch {
  const oldLines = splitLines(before.text);
  const newLines = splitLines(after.text);
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix++;
  }
  const patch: StructuredPatch = {
    oldFileName: before.label,
    newFileName: after.label,
    oldHeader: undefined,
    newHeader: undefined,
    hunks: [],
  };
  if (prefix === oldLines.length && prefix === newLines.length) return patch;

  const leading = Math.min(contextLines, prefix);
  const trailing = Math.min(contextLines, suffix);
  const lines = [
    ...hunkLines(" ", oldLines, prefix - leading, prefix),
    ...hunkLines("-", oldLines, prefix, oldLines.length - suffix),
    ...hunkLines("+", newLines, prefix, newLines.length - suffix),
    ...hunkLines(" ", oldLines, oldLines.length - suffix, oldLines.length - suffix + trailing),
  ];
  const hunk: StructuredPatchHunk = {
    oldStart: prefix - leading + 1,
    oldLines: leading + (oldLines.length - suffix - prefix) + trailing,
    newStart: prefix - leading + 1,
    newLines: leading + (newLines.length - suffix - prefix) + trailing,
    lines,
  };
  patch.hunks.push(hunk);
  return patch;
}

// Lines keep their "\n", so a last line without one differs from the same line with one.
function splitLines(text: string): string[] {
  return text === "" ? [] : (text.match(/[^\n]*\n|[^\n]+$/g) ?? []);
}

function hunkLines(marker: " " | "-" | "+", lines: string[], from: number, to: number): string[] {
  const result: string[] = [];
  for (let index = from; index < to; index++) {
    const line = lines[index]!;
    const complete = line.endsWith("\n");
    result.push(marker + (complete ? line.slice(0, -1) : line));
    if (!complete) result.push(NO_NEWLINE);
  }
  return result;
}
