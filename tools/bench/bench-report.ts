/** One row of the benchmark table: our figure beside a baseline measured in the same run. */
export interface BenchFigure {
  name: string;
  unit: string;
  ours: number;
  baseline: number;
  baselineName: string;
  /** Whether a larger number is better (throughput) or worse (latency, memory). */
  higherIsBetter: boolean;
  /**
   * How ours is held against the baseline: their ratio (the default), or what ours adds to the
   * baseline in the figure's unit (for a fixed cost, such as a transaction's round trips).
   */
  compare?: "ratio" | "difference";
  /** The ratio (or difference) ours must reach: at least it, or at most when lower is better; absent when none is set. */
  target?: number;
}

function formatNumber(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2);
}

function comparison(figure: BenchFigure): { value: number; shown: (value: number) => string } {
  if (figure.compare === "difference") {
    const shown = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(2)} ${figure.unit}`;
    return { value: figure.ours - figure.baseline, shown };
  }
  return { value: figure.ours / figure.baseline, shown: (value) => `${value.toFixed(2)}x` };
}

function targetCells(figure: BenchFigure, value: number, shown: (value: number) => string): [string, string] {
  if (figure.target === undefined) return ["", ""];
  const met = figure.higherIsBetter ? value >= figure.target : value <= figure.target;
  return [`${figure.higherIsBetter ? ">=" : "<="} ${shown(figure.target)}`, met ? "met" : "MISSED"];
}

/** Renders figures as an aligned text table: each beside its baseline, compared, and against its target where one is set. */
export function renderBenchTable(figures: BenchFigure[]): string {
  const header = ["benchmark", "ours", "baseline", "vs baseline", "target", "", "baseline is"];
  const rows = figures.map((figure) => {
    const { value, shown } = comparison(figure);
    return [
      figure.name,
      `${formatNumber(figure.ours)} ${figure.unit}`,
      `${formatNumber(figure.baseline)} ${figure.unit}`,
      `${shown(value)}${figure.higherIsBetter ? "" : " (lower is better)"}`,
      ...targetCells(figure, value, shown),
      figure.baselineName,
    ];
  });
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}
