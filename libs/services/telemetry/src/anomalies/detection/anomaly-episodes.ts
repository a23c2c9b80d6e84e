/** Tells which flags open a new anomaly episode, the moments worth an alert. */
export interface EpisodeTracker {
  /** Takes every point's flag in order; true when this flag opens an episode. */
  next(isAnomaly: boolean): boolean;
}

/**
 * A flag opens an episode unless it comes within `cooldown` points after the flag that opened
 * the current one: a spike train or a level shift, flagged point after point, raises one alert
 * rather than one per point. With cooldown 0 every flag opens its own episode.
 */
export function createEpisodeTracker(cooldown: number): EpisodeTracker {
  let sinceOpened = Infinity;
  return {
    next(isAnomaly) {
      sinceOpened += 1;
      if (!isAnomaly || sinceOpened <= cooldown) return false;
      sinceOpened = 0;
      return true;
    },
  };
}
