import { describe, expect, it } from "vitest";
import { madDetectorSettingsSchema } from "./detector-settings";
import { createMadDetector } from "./mad-detector";
import { flaggedIndices, noisySeries, observeAll } from "./series-test-fixtures";

const madDetector = (settings: Record<string, unknown> = {}) =>
  createMadDetector(madDetectorSettingsSchema.parse({ method: "mad", window: 60, threshold: 4.5, ...settings }));

describe("createMadDetector", () => {
  it("flags the spikes in a noisy series and nothing else", () => {
    const values = noisySeries(1_000, 1);
    values[400] = 130;
    values[700] = 75;
    const observations = observeAll(madDetector(), values);
    expect(flaggedIndices(observations)).toEqual([400, 700]);
    const spike = observations[400]!;
    expect(spike.expected).toBeCloseTo(100, 0);
    expect(spike.deviation).toBeCloseTo(30, 0);
    expect(spike.deviationPercent).toBeCloseTo(30, 0);
    expect(spike.score).toBeGreaterThan(4.5);
  });

  it("raises no alarm on a flat series", () => {
    const observations = observeAll(
      madDetector(),
      Array.from({ length: 500 }, () => 42),
    );
    expect(flaggedIndices(observations)).toEqual([]);
    expect(observations[499]).toMatchObject({ expected: 42, deviation: 0, score: 0 });
  });

  it("judges nothing until the window is full", () => {
    const values = noisySeries(100, 2);
    values[5] = 1_000;
    const observations = observeAll(madDetector(), values);
    expect(observations.slice(0, 60).every((one) => one.expected === null && one.score === null)).toBe(true);
    expect(flaggedIndices(observations)).toEqual([]);
    expect(observations[60]!.score).not.toBeNull();
  });

  it("keeps flagging a train of spikes that a mean and standard deviation would absorb", () => {
    const values = noisySeries(600, 3);
    const spikes = [300, 308, 316, 324, 332];
    for (const index of spikes) values[index] = 140;
    expect(flaggedIndices(observeAll(madDetector(), values))).toEqual(spikes);
  });

  it("flags a lasting level shift for its first points, then takes the new level as normal", () => {
    const values = noisySeries(600, 4).map((value, index) => (index >= 300 ? value + 20 : value));
    const flagged = flaggedIndices(observeAll(madDetector(), values));
    // Flagged from the step until the new level fills about a quarter of the 60-point window,
    // when the window's interquartile range spans both levels; quiet after.
    expect(flagged[0]).toBe(300);
    expect(flagged).toEqual(Array.from({ length: flagged.length }, (_, offset) => 300 + offset));
    expect(flagged.length).toBeGreaterThanOrEqual(10);
    expect(flagged.length).toBeLessThanOrEqual(16);
  });

  it("opens one episode for flags within the cooldown", () => {
    const values = noisySeries(600, 4).map((value, index) => (index >= 300 ? value + 20 : value));
    const observations = observeAll(madDetector({ cooldown: 60 }), values);
    expect(observations.flatMap((one, index) => (one.opensEpisode ? [index] : []))).toEqual([300]);
  });

  it("refuses a value that is not finite", () => {
    const detector = madDetector();
    expect(() => detector.observe(new Date(), Number.NaN)).toThrow(RangeError);
    expect(() => detector.observe(new Date(Number.NaN), 1)).toThrow(RangeError);
  });
});
