import type { BenchFigure } from "../bench-report";
import { COMBINATION_NAME, evaluateM4Hourly, type M4Evaluation } from "../telemetry/m4-evaluation";
import { readM4Hourly } from "../telemetry/m4-hourly-series";
import type { M4Score } from "../telemetry/m4-score-tally";

const progress = (text: string) => process.stderr.write(`        ${text}\n`);

/** Published M4 hourly sMAPE figures (M4 competition results). */
const PUBLISHED_SEASONAL_NAIVE = 13.912;
const M4_WINNER = 9.328;
// The harness must reproduce the published baseline to its printed precision, or its figures mean nothing.
const REPRODUCTION_TOLERANCE = 0.0005;
const BAND_LEVELS = [80, 95] as const;

function scoreFigures(name: string, score: M4Score, baseline: M4Score): BenchFigure[] {
  const versusBaseline = `seasonal naive (24) in this run; M4 winner sMAPE ${M4_WINNER}`;
  return [
    {
      name: `M4 hourly sMAPE, ${name}`,
      unit: "sMAPE",
      ours: score.smape,
      baseline: baseline.smape,
      baselineName: versusBaseline,
      higherIsBetter: false,
    },
    {
      name: `M4 hourly MASE (m=24), ${name}`,
      unit: "MASE",
      ours: score.mase,
      baseline: baseline.mase,
      baselineName: "seasonal naive (24) in this run",
      higherIsBetter: false,
    },
    ...coverageFigures(name, score),
  ];
}

function coverageFigures(name: string, score: M4Score): BenchFigure[] {
  return BAND_LEVELS.map((level) => ({
    name: `M4 hourly ${level}% band coverage, ${name}`,
    unit: "%",
    ours: score.coverage.get(level) ?? 0,
    baseline: level,
    baselineName: "nominal level",
    higherIsBetter: true,
    compare: "difference",
  }));
}

function checkReproduction({ baseline }: M4Evaluation): void {
  if (Math.abs(baseline.smape - PUBLISHED_SEASONAL_NAIVE) > REPRODUCTION_TOLERANCE) {
    throw new Error(
      `seasonal naive (24) scored sMAPE ${baseline.smape.toFixed(4)}, not the published ${PUBLISHED_SEASONAL_NAIVE}: ` +
        "the data or the scoring is wrong, so no other figure of this run can be trusted",
    );
  }
}

/**
 * M4 hourly (414 series, 48 hours ahead): the seasonal naive baseline reproduced against its
 * published sMAPE, then each of our models and a per-series combination of them, by sMAPE, MASE
 * (m = 24) and the coverage of their 80% and 95% bands, beside the M4 winner's sMAPE.
 */
export async function benchTelemetryM4(): Promise<BenchFigure[]> {
  progress("reading M4 hourly (shared datasets folder)");
  const series = await readM4Hourly();
  const started = performance.now();
  const evaluation = evaluateM4Hourly(series, progress);
  progress(`forecast and scored ${series.length} series in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  checkReproduction(evaluation);
  if (evaluation.fallbacks > 0)
    progress(`${evaluation.fallbacks} multiplicative fits fell back to additive (values <= 0)`);
  progress(`combined models: ${[...evaluation.picks].map(([name, count]) => `${name} ${count}`).join("; ")}`);
  const best = evaluation.methods.find((method) => method.name === COMBINATION_NAME)!;
  return [
    {
      name: "M4 hourly sMAPE, seasonal naive (24) reproduced",
      unit: "sMAPE",
      ours: evaluation.baseline.smape,
      baseline: PUBLISHED_SEASONAL_NAIVE,
      baselineName: "published M4 seasonal naive",
      higherIsBetter: false,
      compare: "difference",
    },
    ...coverageFigures("seasonal naive (24)", evaluation.baseline),
    ...evaluation.methods.flatMap(({ name, score }) => scoreFigures(name, score, evaluation.baseline)),
    {
      name: `M4 hourly sMAPE, ${COMBINATION_NAME}`,
      unit: "sMAPE",
      ours: best.score.smape,
      baseline: M4_WINNER,
      baselineName: "M4 winner (published)",
      higherIsBetter: false,
    },
  ];
}
