import type { BenchFigure } from "../bench-report";
import { findingsTable } from "../vector/findings-table";
import type { DetectorEvaluation, ThresholdedFigures } from "./nab-evaluation";

/** NAB's published score for its windowed Gaussian detector (standard profile), for context. */
const PUBLISHED_WINDOWED_GAUSSIAN = 39.6;

/** Figures of one of our detectors beside the baseline's: NAB scores and window matching, alerts and every flag. */
export function nabFigures(ours: DetectorEvaluation, baseline: DetectorEvaluation): BenchFigure[] {
  const baselineName = `${baseline.name}; NAB's published windowed Gaussian scores ${PUBLISHED_WINDOWED_GAUSSIAN}`;
  const figure = (name: string, unit: string, pick: (evaluation: DetectorEvaluation) => number): BenchFigure => ({
    name: `NAB, ${ours.name}: ${name}`,
    unit,
    ours: pick(ours),
    baseline: pick(baseline),
    baselineName,
    higherIsBetter: true,
    compare: "difference",
  });
  return [
    figure("standard score, alerts", "points", (evaluation) => evaluation.episodes.nabScore),
    figure("window F1, alerts", "F1", (evaluation) => evaluation.episodes.match.f1),
    figure("window precision, alerts", "share", (evaluation) => evaluation.episodes.match.precision),
    figure("window recall, alerts", "share", (evaluation) => evaluation.episodes.match.recall),
    figure("standard score, every flag", "points", (evaluation) => evaluation.everyFlag.nabScore),
  ];
}

function rows(evaluation: DetectorEvaluation, counted: "alerts" | "every flag", figures: ThresholdedFigures): string[] {
  const { match } = figures;
  return [
    evaluation.name,
    counted,
    figures.nabScore.toFixed(1),
    figures.nabThreshold.toPrecision(4),
    `${match.detectedWindows}/${match.windows}`,
    String(match.falsePositives),
    match.precision.toFixed(3),
    match.recall.toFixed(3),
    match.f1.toFixed(3),
    figures.f1Threshold.toPrecision(4),
    evaluation.seconds.toFixed(1),
  ];
}

/** The findings table of every detector, both ways of counting, with the thresholds chosen. */
export function nabFindings(evaluations: DetectorEvaluation[], cooldown: number): string {
  const header = ["detector", "counted", "NAB", "at", "windows", "FP", "precision", "recall", "F1", "at", "scoring s"];
  return findingsTable(
    "NAB: 58 series, 116 labelled windows (the first 15% of each file unscored), thresholds chosen per detector over the corpus",
    header,
    evaluations.flatMap((evaluation) => [
      rows(evaluation, "alerts", evaluation.episodes),
      rows(evaluation, "every flag", evaluation.everyFlag),
    ]),
    [
      `alerts: only flags that open an episode count, a flag opening one more than ${cooldown} points after the last`,
      "every flag: each flag is a detection (NAB's exact sweep over every score)",
      "NAB: standard profile, normalised so flagging nothing is 0 and catching every window at its start is 100",
      "window precision, recall, F1 at the threshold with the best F1 (see nab-window-matching.ts)",
    ],
  );
}
