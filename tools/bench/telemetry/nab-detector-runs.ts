import {
  createAnomalyDetector,
  type AnomalyDetectorSettings,
} from "../../../libs/services/telemetry/src/anomalies/detection";
import type { NabSeries } from "./nab-corpus";
import { rollingZScores } from "./nab-rolling-z-score";
import type { DetectorRun } from "./nab-windows";

/** A detector under test: a name and the score it gives each point of a series (NaN for none). */
export interface NabDetector {
  name: string;
  scores(series: NabSeries): Float64Array;
}

/** One of the service's detectors, fed the series point by point as the service feeds it. */
export function serviceDetector(name: string, settings: AnomalyDetectorSettings): NabDetector {
  return {
    name,
    scores(series) {
      const detector = createAnomalyDetector(settings);
      return Float64Array.from(
        series.values,
        (value, index) => detector.observe(new Date(series.times[index]!), value).score ?? Number.NaN,
      );
    },
  };
}

/** The rolling z-score baseline over the same trailing window. */
export function rollingZScoreDetector(window: number): NabDetector {
  return { name: `rolling z-score (window ${window})`, scores: (series) => rollingZScores(series.values, window) };
}

/** A detector's scores over every series of the corpus, with each series' windows. */
export function runOverCorpus(detector: NabDetector, corpus: readonly NabSeries[]): DetectorRun[] {
  return corpus.map((series) => ({ windows: series.windows, scores: detector.scores(series) }));
}
