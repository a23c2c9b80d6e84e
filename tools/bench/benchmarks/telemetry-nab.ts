import { anomalyDetectorSettingsSchema } from "../../../libs/services/telemetry/src/anomalies/detection";
import type { BenchFigure } from "../bench-report";
import { readNabCorpus } from "../telemetry/nab-corpus";
import { rollingZScoreDetector, serviceDetector } from "../telemetry/nab-detector-runs";
import { evaluateDetector, type DetectorEvaluation } from "../telemetry/nab-evaluation";
import { nabFigures, nabFindings } from "../telemetry/nab-figures";

const progress = (text: string) => process.stderr.write(`        ${text}\n`);

// About NAB's unscored probationary period on most files (15% of 4,032 five-minute points), so
// every detector's warm-up falls where nothing is scored.
const WINDOW = 600;
// Half the window: how long the rolling median takes to accept a level shift, so a shift raises
// one alert. Every detector, the baseline included, is counted with the same cooldown.
const COOLDOWN = WINDOW / 2;

/**
 * The service's anomaly detectors on the Numenta Anomaly Benchmark beside a rolling z-score over
 * the same trailing window: NAB's standard-profile score and window-level precision, recall and
 * F1, counting alerts (episode openings) and every flag, each detector at the thresholds that suit
 * it best over the whole corpus, as NAB's optimiser chooses them.
 */
export async function benchTelemetryNab(): Promise<BenchFigure[]> {
  progress("reading the NAB corpus (58 series, combined windows)");
  const corpus = await readNabCorpus();
  const detectors = [
    serviceDetector("mad", anomalyDetectorSettingsSchema.parse({ method: "mad", window: WINDOW, cooldown: COOLDOWN })),
    serviceDetector(
      "seasonal_mad",
      anomalyDetectorSettingsSchema.parse({ method: "seasonal_mad", window: WINDOW, cooldown: COOLDOWN }),
    ),
    rollingZScoreDetector(WINDOW),
  ];
  const evaluations: DetectorEvaluation[] = [];
  for (const detector of detectors) {
    progress(`scoring ${detector.name} over ${corpus.length} series and choosing its thresholds`);
    const evaluation = evaluateDetector(detector, corpus, COOLDOWN);
    progress(
      `${detector.name}: NAB ${evaluation.episodes.nabScore.toFixed(1)} counting alerts, ` +
        `${evaluation.everyFlag.nabScore.toFixed(1)} counting every flag`,
    );
    evaluations.push(evaluation);
  }
  process.stderr.write(nabFindings(evaluations, COOLDOWN));
  const baseline = evaluations.at(-1)!;
  return evaluations.slice(0, -1).flatMap((ours) => nabFigures(ours, baseline));
}
