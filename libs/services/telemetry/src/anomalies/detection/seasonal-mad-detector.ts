import { createEpisodeTracker } from "./anomaly-episodes";
import {
  judged,
  requireUsablePoint,
  warmingUp,
  type AnomalyDetector,
  type AnomalyObservation,
} from "./anomaly-observation";
import type { SeasonalMadDetectorSettings } from "./detector-settings";
import { robustScore } from "./robust-score";
import { detectSeasonLength } from "./season-length";
import { createSeasonalHistory, type SeasonalHistory } from "./seasonal-history";
import { createSlidingWindow } from "./sliding-window";

interface Judgement {
  expected: number;
  score: number;
}

/**
 * Expects each point to look like the same phase of the last `seasons` seasons (their median),
 * and judges the residual against the median and MAD of the last `window` residuals, so the
 * expected value is that seasonal value plus the residuals' median (a recent offset from past
 * seasons).
 *
 * Without a given season length, the first `window` points are the training part: the season is
 * read from their autocorrelation, then they are replayed through the model, so flags start after
 * `window + seasonLength` points either way. When training finds no season, the detector behaves
 * as the plain rolling MAD detector and flags from point `window + 1`.
 */
export function createSeasonalMadDetector(settings: SeasonalMadDetectorSettings): AnomalyDetector {
  const residuals = createSlidingWindow(settings.window);
  const episodes = createEpisodeTracker(settings.cooldown);
  let seasonLength = settings.seasonLength ?? null;
  let training: number[] | null = seasonLength === null ? [] : null;
  let history: SeasonalHistory | null =
    seasonLength === null ? null : createSeasonalHistory(seasonLength, settings.seasons);

  /** Learns from one value; the judgement of it when the history was long enough to judge by. */
  const learn = (value: number): Judgement | null => {
    // With no season, the seasonal part is 0 and residuals are the values themselves.
    const seasonal = history === null ? 0 : history.expectedNext();
    history?.push(value);
    if (seasonal === null) return null;
    const residual = value - seasonal;
    let judgement: Judgement | null = null;
    if (residuals.size === settings.window) {
      const { median, score } = robustScore(residuals, residual);
      judgement = { expected: seasonal + median, score };
    }
    residuals.push(residual);
    return judgement;
  };

  const finishTraining = (values: number[]) => {
    seasonLength = detectSeasonLength(values);
    history = seasonLength === null ? null : createSeasonalHistory(seasonLength, settings.seasons);
    for (const value of values) learn(value);
  };

  return {
    settings,
    get seasonLength() {
      return seasonLength;
    },
    observe(time, value) {
      requireUsablePoint(time, value);
      let observation: AnomalyObservation = warmingUp(time, value);
      if (training === null) {
        const judgement = learn(value);
        if (judgement !== null) {
          observation = judged(time, value, judgement.expected, judgement.score, settings.threshold);
        }
      } else {
        training.push(value);
        if (training.length === settings.window) {
          finishTraining(training);
          training = null;
        }
      }
      observation.opensEpisode = episodes.next(observation.isAnomaly);
      return observation;
    },
  };
}
