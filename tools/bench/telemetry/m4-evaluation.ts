import type { ForecastPoint } from "../../../libs/services/telemetry/src/forecasting";
import type { M4Series } from "./m4-hourly-series";
import { COMBINATION_POOL, forecastM4, SEASONAL_NAIVE_24, SINGLE_METHODS, type M4Method } from "./m4-methods";
import { COMBINED_MODELS, medianForecast, rankByBacktest } from "./m4-median-combination";
import { createScoreTally, type M4Score } from "./m4-score-tally";

/** The name the per-series combination is scored under. */
export const COMBINATION_NAME = `median of the ${COMBINED_MODELS} best of ${COMBINATION_POOL.length} by backtest`;

/** Scores of the baseline, each single method and the combination, and what the run noticed on the way. */
export interface M4Evaluation {
  baseline: M4Score;
  methods: { name: string; score: M4Score }[];
  /** Series where a multiplicative model met a value <= 0 and its additive twin stood in. */
  fallbacks: number;
  /** How often each pool method was among the combined ones. */
  picks: Map<string, number>;
}

/**
 * Forecasts every series with every method from its training values only, and scores the
 * forecasts against the test values: sMAPE, MASE (m = 24) and band coverage.
 */
export function evaluateM4Hourly(series: readonly M4Series[], progress: (text: string) => void): M4Evaluation {
  const tally = createScoreTally();
  const picks = new Map<string, number>();
  let fallbacks = 0;
  series.forEach(({ id, train, test }, index) => {
    const forecasts = new Map<string, ForecastPoint[]>();
    const forecastOf = (method: M4Method) => {
      const known = forecasts.get(method.name);
      if (known) return known;
      const made = forecastM4(train, method, () => (fallbacks += 1));
      forecasts.set(method.name, made);
      return made;
    };
    for (const method of [SEASONAL_NAIVE_24, ...SINGLE_METHODS])
      tally.add(method.name, forecastOf(method), test, train);
    const best = rankByBacktest(train, COMBINATION_POOL).slice(0, COMBINED_MODELS);
    for (const method of best) picks.set(method.name, (picks.get(method.name) ?? 0) + 1);
    tally.add(COMBINATION_NAME, medianForecast(best.map(forecastOf)), test, train);
    if ((index + 1) % 23 === 0 || index + 1 === series.length) progress(`series ${index + 1}/${series.length} (${id})`);
  });
  const names = [...SINGLE_METHODS.map((method) => method.name), COMBINATION_NAME];
  return {
    baseline: tally.score(SEASONAL_NAIVE_24.name),
    methods: names.map((name) => ({ name, score: tally.score(name) })),
    fallbacks,
    picks,
  };
}
