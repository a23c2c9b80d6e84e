/** Additive seasonal effects are added to the trend line; multiplicative ones scale it. */
export type Seasonality = "additive" | "multiplicative";

/** The smoothing weights of Holt–Winters: level, trend, season, and the trend's damping (1 = none). */
export interface SmoothingWeights {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** Level, trend and one season of effects before the first value. */
export interface HoltWintersStart {
  level: number;
  trend: number;
  season: number[];
}

/**
 * The states after each prefix of a series: `level[t]` and `trend[t]` after `t` values, and the
 * season effect of time `i - seasonLength` at `season[i]`; `sse` sums the squared one-step errors
 * (Infinity when a multiplicative level or season leaves the positive numbers).
 */
export interface HoltWintersStates {
  seasonLength: number;
  seasonality: Seasonality;
  phi: number;
  level: Float64Array;
  trend: Float64Array;
  season: Float64Array;
  sse: number;
}

/** Runs the Holt–Winters recursions over `values` from `start` with the given weights. */
export function smoothHoltWinters(
  values: readonly number[],
  start: HoltWintersStart,
  seasonality: Seasonality,
  { alpha, beta, gamma, phi }: SmoothingWeights,
): HoltWintersStates {
  const n = values.length;
  const m = start.season.length;
  const level = new Float64Array(n + 1);
  const trend = new Float64Array(n + 1);
  const season = new Float64Array(n + m);
  level[0] = start.level;
  trend[0] = start.trend;
  season.set(start.season);
  const multiplicative = seasonality === "multiplicative";
  let sse = 0;
  for (let t = 0; t < n; t += 1) {
    const y = values[t]!;
    const effect = season[t]!;
    const base = level[t]! + phi * trend[t]!;
    const predicted = multiplicative ? base * effect : base + effect;
    sse += (y - predicted) ** 2;
    const nextLevel = alpha * (multiplicative ? y / effect : y - effect) + (1 - alpha) * base;
    level[t + 1] = nextLevel;
    trend[t + 1] = beta * (nextLevel - level[t]!) + (1 - beta) * phi * trend[t]!;
    season[t + m] = gamma * (multiplicative ? y / nextLevel : y - nextLevel) + (1 - gamma) * effect;
    if (multiplicative && !(nextLevel > 0 && season[t + m]! > 0)) {
      sse = Infinity;
      break;
    }
  }
  return { seasonLength: m, seasonality, phi, level, trend, season, sse };
}

/** Forecasts the `horizon` values after the first `origin` values from the states at that point. */
export function forecastHoltWinters(states: HoltWintersStates, origin: number, horizon: number): number[] {
  const { seasonLength: m, phi } = states;
  const level = states.level[origin]!;
  const trend = states.trend[origin]!;
  const forecasts: number[] = [];
  let damping = 0;
  for (let step = 1; step <= horizon; step += 1) {
    damping += phi ** step;
    const effect = states.season[origin + ((step - 1) % m)]!;
    const base = level + damping * trend;
    forecasts.push(states.seasonality === "multiplicative" ? base * effect : base + effect);
  }
  return forecasts;
}
