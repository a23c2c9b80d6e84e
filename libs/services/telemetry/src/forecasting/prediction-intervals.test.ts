import { describe, expect, it } from "vitest";
import { fitForecastModel } from "./fit-forecast-model";
import type { ForecastModelType } from "./forecast-types";
import { predictionBands, sampleQuantile } from "./prediction-intervals";
import { seededNormal } from "./synthetic-noise";

/** Share of future values (percent) inside each level's band, over many synthetic series. */
function coverage(
  modelType: ForecastModelType,
  parameters: object,
  draw: (noise: () => number) => number[],
  { series, horizon }: { series: number; horizon: number },
): Map<number, number> {
  const inside = new Map<number, number>();
  for (let s = 0; s < series; s += 1) {
    const values = draw(seededNormal(1000 + s));
    const history = values.slice(0, -horizon);
    const future = values.slice(-horizon);
    fitForecastModel(modelType, history, parameters)
      .forecast(horizon)
      .forEach((point, step) => {
        for (const band of point.bands) {
          const hit = future[step]! >= band.lower && future[step]! <= band.upper;
          inside.set(band.level, (inside.get(band.level) ?? 0) + (hit ? 1 : 0));
        }
      });
  }
  return new Map([...inside].map(([level, hits]) => [level, (100 * hits) / (series * horizon)]));
}

describe("prediction bands", () => {
  it("cover a random walk near their nominal levels", () => {
    const randomWalk = (noise: () => number) => {
      let value = 100;
      return Array.from({ length: 320 }, () => (value += noise()));
    };
    const covered = coverage("seasonal_naive", { seasonLength: 1 }, randomWalk, { series: 200, horizon: 20 });
    expect(Math.abs(covered.get(80)! - 80)).toBeLessThan(5);
    expect(Math.abs(covered.get(95)! - 95)).toBeLessThan(4);
  });

  it("cover a seasonal series with noise near their nominal levels", () => {
    const seasonal = (noise: () => number) =>
      Array.from({ length: 264 }, (_, t) => 50 + 0.05 * t + 10 * Math.sin((2 * Math.PI * t) / 12) + 2 * noise());
    const parameters = { seasonLength: 12 };
    const covered = coverage("holt_winters", parameters, seasonal, { series: 100, horizon: 24 });
    expect(Math.abs(covered.get(80)! - 80)).toBeLessThan(5);
    expect(Math.abs(covered.get(95)! - 95)).toBeLessThan(4);
  });

  it("takes each level's quantile of the error sizes", () => {
    const errors = Array.from({ length: 101 }, (_, i) => (i % 2 === 0 ? i : -i));
    const [point] = predictionBands([1000], [errors], [80, 50], false);
    expect(point).toEqual([
      { level: 80, lower: 920, upper: 1080 },
      { level: 50, lower: 950, upper: 1050 },
    ]);
  });

  it("fits a normal spread to a step with few errors, and widens it by √h past the last measured step", () => {
    const [first, , , fourth] = predictionBands([10, 10, 10, 10], [[3, -3], [], []], [95], false);
    expect(first![0]!.upper).toBeCloseTo(10 + 1.959964 * 3, 5);
    expect(fourth![0]!.upper).toBeCloseTo(10 + 1.959964 * 3 * 2, 5);
  });

  it("scales relative errors by the forecast", () => {
    const errors = Array.from({ length: 21 }, (_, i) => (i - 10) / 100);
    const [point] = predictionBands([200], [errors], [90], true);
    expect(point![0]!.lower).toBeCloseTo(182, 9);
    expect(point![0]!.upper).toBeCloseTo(218, 9);
  });

  it("interpolates between neighbouring order statistics", () => {
    expect(sampleQuantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(sampleQuantile([0, 10], 0.25)).toBe(2.5);
  });
});
