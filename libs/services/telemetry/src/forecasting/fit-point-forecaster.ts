import type { ForecastModel } from "./forecast-parameters";
import type { PointForecaster } from "./forecast-types";
import { holtWinters } from "./holt-winters";
import { linearTrend } from "./linear-trend";
import { seasonalNaive } from "./seasonal-naive";

/** The parameters a fitted model used: those given, and the values fitted for the rest. */
export type FittedForecastParameters =
  | { seasonLength: number }
  | { seasonLength: number; slope: number; intercepts: number[] }
  | {
      seasonLength: number;
      seasonality: "additive" | "multiplicative";
      damped: boolean;
      fitHorizon: number;
      alpha: number;
      beta: number;
      gamma: number;
      phi: number;
    };

/** Fits the model to finite `values` and returns its forecaster with the parameters it settled on. */
export function fitPointForecaster(
  model: ForecastModel,
  values: readonly number[],
): { forecaster: PointForecaster; parameters: FittedForecastParameters } {
  switch (model.modelType) {
    case "seasonal_naive":
      return { forecaster: seasonalNaive(values, model.parameters.seasonLength), parameters: model.parameters };
    case "linear_trend": {
      const forecaster = linearTrend(values, model.parameters.seasonLength);
      return { forecaster, parameters: { ...model.parameters, ...forecaster.line } };
    }
    case "holt_winters": {
      const forecaster = holtWinters(values, model.parameters);
      const { seasonLength, seasonality, fitHorizon } = model.parameters;
      const damped = forecaster.weights.phi < 1;
      return { forecaster, parameters: { seasonLength, seasonality, fitHorizon, damped, ...forecaster.weights } };
    }
  }
}
