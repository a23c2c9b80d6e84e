/** Formats a count with thousands separators. */
export function count(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Milliseconds to one or two decimals, depending on size. */
export function millis(value: number): string {
  return value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/**
 * Lines of a titled, aligned table for a benchmark's own findings (figures with no same-run
 * baseline, or several sides at once), indented like the bench's progress lines.
 */
export function findingsTable(title: string, header: string[], rows: string[][], notes: string[] = []): string {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) =>
    `          ${cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd()}`;
  return [
    `        ${title}`,
    line(header),
    `          ${widths.map((width) => "-".repeat(width)).join("  ")}`,
    ...rows.map(line),
    ...notes.map((note) => `          ${note}`),
    "",
  ].join("\n");
}
