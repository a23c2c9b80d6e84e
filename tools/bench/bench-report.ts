/** One row of the benchmark table: our figure beside a baseline measured in the same run. */
export interface BenchFigure {
  name: string;
  unit: string;
  ours: number;
  baseline: number;
  baselineName: string;
  /** Whether a larger number is better (throughput) or worse (latency, memory). */
  higherIsBetter: boolean;
}

function formatNumber(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2);
}

/** Renders figures as an aligned text table with ours/baseline ratios. */
export function renderBenchTable(figures: BenchFigure[]): string {
  const header = ["benchmark", "ours", "baseline", "ratio", "baseline is"];
  const rows = figures.map((figure) => [
    figure.name,
    `${formatNumber(figure.ours)} ${figure.unit}`,
    `${formatNumber(figure.baseline)} ${figure.unit}`,
    `${(figure.ours / figure.baseline).toFixed(2)}x${figure.higherIsBetter ? "" : " (lower is better)"}`,
    figure.baselineName,
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}
