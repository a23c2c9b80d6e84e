/** Why a series cannot be forecast as asked; callers may map it to structured error data. */
export type ForecastInputFailure =
  "non_finite_values" | "series_too_short" | "non_positive_values" | "invalid_horizon" | "invalid_level";

/** A series or request the forecasting models refuse; the message says what to change. */
export class ForecastInputError extends Error {
  override readonly name = "ForecastInputError";

  constructor(
    readonly reason: ForecastInputFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Refuses a series holding NaN or infinite values, which no model can fit. */
export function requireFiniteValues(values: readonly number[]): void {
  const index = values.findIndex((value) => !Number.isFinite(value));
  if (index >= 0) {
    throw new ForecastInputError("non_finite_values", `value ${index} is ${values[index]}; every value must be finite`);
  }
}

/** Refuses a series shorter than `minimum`, naming what needs that many values. */
export function requireLength(values: readonly number[], minimum: number, needs: string): void {
  if (values.length < minimum) {
    throw new ForecastInputError(
      "series_too_short",
      `${needs} needs at least ${minimum} values; the series holds ${values.length}`,
    );
  }
}

/** Refuses a horizon (or holdout, as `name` says) that is not a whole number of steps of at least one. */
export function requireHorizon(horizon: number, name = "horizon"): void {
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new ForecastInputError("invalid_horizon", `${name} must be a whole number of steps >= 1, not ${horizon}`);
  }
}

/** Refuses a band level that is not a percentage strictly between 0 and 100. */
export function requireLevels(levels: readonly number[]): void {
  const wrong = levels.find((level) => !(level > 0 && level < 100));
  if (wrong !== undefined) {
    throw new ForecastInputError(
      "invalid_level",
      `band level ${wrong} must be a percentage between 0 and 100, such as 80 or 95`,
    );
  }
}
