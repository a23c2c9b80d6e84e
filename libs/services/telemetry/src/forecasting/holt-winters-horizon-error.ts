import type { HoltWintersStates } from "./holt-winters-smoothing";

// About four origins per horizon length: enough to average over, few enough to keep the cost near four passes.
const ORIGINS_PER_HORIZON = 4;

/**
 * The squared errors of in-sample forecasts up to `horizon` steps ahead, summed over origins from
 * the second season on (the first is mostly the starting guess). With horizon 1 this is the
 * classic one-step fit; longer horizons choose weights that forecast well that far ahead.
 */
export function horizonSquaredError(states: HoltWintersStates, values: readonly number[], horizon: number): number {
  if (!Number.isFinite(states.sse)) return Infinity;
  const { seasonLength: m, phi, level, trend, season } = states;
  const multiplicative = states.seasonality === "multiplicative";
  const stride = Math.max(1, Math.floor(horizon / ORIGINS_PER_HORIZON));
  let total = 0;
  for (let origin = m; origin < values.length; origin += stride) {
    const last = Math.min(horizon, values.length - origin);
    let damping = 0;
    let power = 1;
    for (let step = 1; step <= last; step += 1) {
      power *= phi;
      damping += power;
      const base = level[origin]! + damping * trend[origin]!;
      const effect = season[origin + ((step - 1) % m)]!;
      const error = values[origin + step - 1]! - (multiplicative ? base * effect : base + effect);
      total += error * error;
    }
  }
  return total;
}
