import type { ForecastModel } from "../forecasting";

/**
 * The fewest values `model` can be fitted on, as each forecasting model requires: a season and a
 * value for seasonal naive, two whole seasons for Holt-Winters and the linear trend (and at least
 * two points beside the season for the line).
 */
export function minimumFitLength(model: ForecastModel): number {
  const m = model.parameters.seasonLength;
  switch (model.modelType) {
    case "seasonal_naive":
      return m + 1;
    case "holt_winters":
      return 2 * m;
    case "linear_trend":
      return Math.max(2 * m, m + 2);
  }
}
