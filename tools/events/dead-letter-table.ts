import type { DeadLetter, ReplayedDeadLetter } from "@cauldron/events";

const ERROR_WIDTH = 60;

// Error messages can be long or span lines; the table shows the start of the first one.
function shortError(message: string): string {
  const line = message.split("\n", 1)[0]?.trim() ?? "";
  return line.length > ERROR_WIDTH ? `${line.slice(0, ERROR_WIDTH - 1)}…` : line;
}

function shortTime(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$/, "Z");
}

/** Lays rows out in columns under their headers. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

/** The dead letters as a table: where and why each failed, never its payload. */
export function deadLetterTable(deadLetters: readonly DeadLetter[]): string[] {
  return formatTable(
    ["entry id", "group", "event type", "event id", "attempts", "failed at", "error"],
    deadLetters.map((deadLetter) => [
      deadLetter.deadLetterId,
      deadLetter.group,
      deadLetter.eventType,
      deadLetter.eventId,
      String(deadLetter.attempts),
      shortTime(deadLetter.failedAt),
      shortError(deadLetter.error),
    ]),
  );
}

/** What a replay queued: each dead letter, the group that will read it again, and where. */
export function replayTable(replayed: readonly ReplayedDeadLetter[]): string[] {
  return formatTable(
    ["entry id", "group", "event type", "event id", "queued on", "as entry"],
    replayed.map((deadLetter) => [
      deadLetter.deadLetterId,
      deadLetter.group,
      deadLetter.eventType,
      deadLetter.eventId,
      deadLetter.replayStream,
      deadLetter.replayEntryId,
    ]),
  );
}
