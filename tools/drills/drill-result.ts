/** One row of the drills table: what a scenario sent, lost and delivered, and whether it passed. */
export interface DrillResult {
  scenario: string;
  requestsSent: number;
  requestsFailed: number;
  writesAcknowledged: number;
  writesFound: number;
  eventsPublished?: number;
  eventsHandled?: number;
  eventsHandledTwice?: number;
  ok: boolean;
  /** Why it failed, or what a reader needs to trust the row (durations, error codes seen). */
  notes: string[];
}

const COLUMNS: { title: string; cell(result: DrillResult): string }[] = [
  { title: "scenario", cell: (result) => result.scenario },
  { title: "sent", cell: (result) => String(result.requestsSent) },
  { title: "failed", cell: (result) => String(result.requestsFailed) },
  { title: "writes acked", cell: (result) => String(result.writesAcknowledged) },
  { title: "writes found", cell: (result) => String(result.writesFound) },
  { title: "events published", cell: (result) => String(result.eventsPublished ?? "-") },
  {
    title: "events handled (twice)",
    cell: (result) =>
      result.eventsHandled === undefined ? "-" : `${result.eventsHandled} (${result.eventsHandledTwice ?? 0})`,
  },
  { title: "result", cell: (result) => (result.ok ? "passed" : "FAILED") },
];

/** Renders the results as an aligned text table, each scenario's notes listed beneath it. */
export function renderDrillTable(results: DrillResult[]): string {
  const rows = [COLUMNS.map((column) => column.title), ...results.map((result) => COLUMNS.map((c) => c.cell(result)))];
  const widths = COLUMNS.map((_, index) => Math.max(...rows.map((row) => row[index]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, index) => cell.padEnd(widths[index]!))
      .join("  ")
      .trimEnd();
  const notes = results.flatMap((result) => result.notes.map((note) => `  ${result.scenario}: ${note}`));
  return [line(rows[0]!), line(widths.map((width) => "-".repeat(width))), ...rows.slice(1).map(line), "", ...notes]
    .join("\n")
    .trimEnd();
}
