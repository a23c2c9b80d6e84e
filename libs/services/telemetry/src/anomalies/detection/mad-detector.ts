import { createEpisodeTracker } from "./anomaly-episodes";
import { judged, requireUsablePoint, warmingUp, type AnomalyDetector } from "./anomaly-observation";
import type { MadDetectorSettings } from "./detector-settings";
import { robustScore } from "./robust-score";
import { createSlidingWindow } from "./sliding-window";

/**
 * Judges each point against the median and MAD of the `window` points before it, once that many
 * have been seen. Flagged points enter the history like any other, so the detector's state never
 * depends on its threshold. A lasting level shift is flagged from its first point until the new
 * level fills about a quarter of the window (the window's interquartile range then spans both
 * levels), and is the window's median once it fills half.
 */
export function createMadDetector(settings: MadDetectorSettings): AnomalyDetector {
  const history = createSlidingWindow(settings.window);
  const episodes = createEpisodeTracker(settings.cooldown);
  return {
    settings,
    seasonLength: null,
    observe(time, value) {
      requireUsablePoint(time, value);
      let observation = warmingUp(time, value);
      if (history.size === settings.window) {
        const { median, score } = robustScore(history, value);
        observation = judged(time, value, median, score, settings.threshold);
      }
      history.push(value);
      observation.opensEpisode = episodes.next(observation.isAnomaly);
      return observation;
    },
  };
}
