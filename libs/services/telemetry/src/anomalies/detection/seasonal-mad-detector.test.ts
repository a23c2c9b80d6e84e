import { describe, expect, it } from "vitest";
import { madDetectorSettingsSchema, seasonalMadDetectorSettingsSchema } from "./detector-settings";
import { createMadDetector } from "./mad-detector";
import { createSeasonalMadDetector } from "./seasonal-mad-detector";
import { cyclingSeries, flaggedIndices, noisySeries, observeAll } from "./series-test-fixtures";

const seasonalDetector = (settings: Record<string, unknown> = {}) =>
  createSeasonalMadDetector(
    seasonalMadDetectorSettingsSchema.parse({ method: "seasonal_mad", window: 120, threshold: 4.5, ...settings }),
  );

// A trough of the 24-point cycle sits near 40; 58 there is far off its phase, yet inside the range
// the series covers every day, so a detector blind to the season lets it pass.
const TROUGH = 24 * 12 + 18;

describe("createSeasonalMadDetector", () => {
  it("reads the season from the training part and flags a spike off its phase", () => {
    const values = cyclingSeries(24 * 20, 24, 1);
    values[TROUGH] = 58;
    const detector = seasonalDetector();
    const observations = observeAll(detector, values);
    expect(detector.seasonLength).toBe(24);
    expect(flaggedIndices(observations)).toEqual([TROUGH]);
    expect(observations[TROUGH]!.expected).toBeCloseTo(40, 0);

    const plain = createMadDetector(madDetectorSettingsSchema.parse({ method: "mad", window: 120, threshold: 4.5 }));
    expect(flaggedIndices(observeAll(plain, values))).toEqual([]);
  });

  it("raises no alarm on a clean cycle", () => {
    const observations = observeAll(seasonalDetector(), cyclingSeries(24 * 20, 24, 2));
    expect(flaggedIndices(observations)).toEqual([]);
  });

  it("judges nothing before window + seasonLength points", () => {
    for (const settings of [{}, { seasonLength: 24 }]) {
      const values = cyclingSeries(24 * 10, 24, 3);
      values[100] = 500;
      const observations = observeAll(seasonalDetector(settings), values);
      expect(observations.slice(0, 144).every((one) => one.score === null && !one.isAnomaly)).toBe(true);
      expect(observations[144]!.score).not.toBeNull();
    }
  });

  it("uses a given season length without reading one", () => {
    const detector = seasonalDetector({ seasonLength: 12 });
    expect(detector.seasonLength).toBe(12);
    observeAll(detector, cyclingSeries(200, 24, 4));
    expect(detector.seasonLength).toBe(12);
  });

  it("judges like the plain MAD detector when the training part holds no season", () => {
    const values = noisySeries(400, 5);
    values[300] = 130;
    const seasonal = seasonalDetector();
    const plain = createMadDetector(madDetectorSettingsSchema.parse({ method: "mad", window: 120, threshold: 4.5 }));
    const seasonalScores = observeAll(seasonal, values).map((one) => one.score);
    expect(seasonal.seasonLength).toBeNull();
    expect(seasonalScores).toEqual(observeAll(plain, values).map((one) => one.score));
    expect(seasonalScores[300]).toBeGreaterThan(4.5);
  });
});
