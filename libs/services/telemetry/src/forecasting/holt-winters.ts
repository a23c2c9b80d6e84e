import { ForecastInputError, requireLength } from "./forecast-input-error";
import type { PointForecaster } from "./forecast-types";
import { horizonSquaredError } from "./holt-winters-horizon-error";
import {
  forecastHoltWinters,
  smoothHoltWinters,
  type Seasonality,
  type SmoothingWeights,
} from "./holt-winters-smoothing";
import { holtWintersStart } from "./holt-winters-start";
import { minimiseNelderMead } from "./nelder-mead";

/** What Holt–Winters is asked for: weights left out are fitted; phi too when `damped` and not given. */
export interface HoltWintersSettings {
  seasonLength: number;
  seasonality: Seasonality;
  damped: boolean;
  /** How many steps ahead the fitted weights should forecast well (1 is the classic one-step fit). */
  fitHorizon: number;
  alpha?: number | undefined;
  beta?: number | undefined;
  gamma?: number | undefined;
  phi?: number | undefined;
}

type WeightName = keyof SmoothingWeights;

const BOUNDS: Record<WeightName, [number, number]> = {
  alpha: [1e-4, 0.9999],
  beta: [1e-4, 0.9999],
  gamma: [1e-4, 0.9999],
  // The usual range for a damped trend: below 0.8 it flattens almost at once, above 0.98 it barely damps.
  phi: [0.8, 0.98],
};
// Two starting points, a smooth one and a reactive one, since the error surface often has more than one valley.
const GUESSES: SmoothingWeights[] = [
  { alpha: 0.3, beta: 0.01, gamma: 0.1, phi: 0.9 },
  { alpha: 0.8, beta: 0.05, gamma: 0.3, phi: 0.95 },
];

const toBounds = (name: WeightName, x: number) => {
  const [low, high] = BOUNDS[name];
  return low + (high - low) / (1 + Math.exp(-x));
};
const fromBounds = (name: WeightName, weight: number) => {
  const [low, high] = BOUNDS[name];
  const unit = (weight - low) / (high - low);
  return Math.log(unit / (1 - unit));
};

/**
 * Holt–Winters exponential smoothing with additive or multiplicative seasons and an optionally
 * damped trend; weights not given minimise the in-sample squared error of forecasts up to
 * `fitHorizon` steps ahead.
 */
export function holtWinters(
  values: readonly number[],
  settings: HoltWintersSettings,
): PointForecaster & { weights: SmoothingWeights } {
  const { seasonLength: m, seasonality } = settings;
  requireLength(values, 2 * m, `Holt-Winters with seasonLength ${m} (two whole seasons)`);
  if (seasonality === "multiplicative" && values.some((value) => value <= 0)) {
    throw new ForecastInputError(
      "non_positive_values",
      "multiplicative seasonality needs every value above 0; use additive seasonality for this series",
    );
  }
  const start = holtWintersStart(values, m, seasonality);
  const fixed: Partial<SmoothingWeights> = { phi: settings.phi ?? (settings.damped ? undefined : 1) };
  for (const name of ["alpha", "beta", "gamma"] as const)
    if (settings[name] !== undefined) fixed[name] = settings[name];
  const free = (["alpha", "beta", "gamma", "phi"] as const).filter((name) => fixed[name] === undefined);
  const weightsAt = (point: number[]): SmoothingWeights => {
    const weights = { ...GUESSES[0]!, ...fixed };
    free.forEach((name, axis) => (weights[name] = toBounds(name, point[axis]!)));
    return weights;
  };
  const error = (point: number[]) =>
    horizonSquaredError(smoothHoltWinters(values, start, seasonality, weightsAt(point)), values, settings.fitHorizon);
  const best = GUESSES.map((guess) => free.map((name) => fromBounds(name, guess[name])))
    .map((point) => (free.length > 0 ? minimiseNelderMead(error, point) : { point, value: error(point) }))
    .reduce((a, b) => (b.value < a.value ? b : a));
  const weights = weightsAt(best.point);
  const states = smoothHoltWinters(values, start, seasonality, weights);
  return {
    weights,
    firstOrigin: m,
    relativeErrors: seasonality === "multiplicative",
    forecastFrom: (origin, horizon) => forecastHoltWinters(states, origin, horizon),
  };
}
