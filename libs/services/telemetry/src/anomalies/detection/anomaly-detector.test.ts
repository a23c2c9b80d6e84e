import { describe, expect, it } from "vitest";
import { createAnomalyDetector, detectAnomalies } from "./anomaly-detector";
import { anomalyDetectorSettingsSchema } from "./detector-settings";
import { cyclingSeries } from "./series-test-fixtures";

describe("detectAnomalies", () => {
  it("runs the method the settings name over a whole series, one observation per point", () => {
    const values = cyclingSeries(24 * 20, 24, 6);
    values[400] = 90;
    const points = values.map((value, index) => ({ time: new Date(Date.UTC(2026, 0, 1, index)), value }));
    const settings = anomalyDetectorSettingsSchema.parse({ method: "seasonal_mad", window: 120 });
    const observations = detectAnomalies(points, settings);
    expect(observations).toHaveLength(points.length);
    expect(observations[400]).toMatchObject({ time: points[400]!.time, actual: 90, isAnomaly: true });
    expect(createAnomalyDetector(settings).settings).toBe(settings);
  });
});
