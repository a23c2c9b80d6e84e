import { describe, expect, it } from "vitest";
import { anomalyDetectorSettingsSchema } from "./detector-settings";

describe("anomalyDetectorSettingsSchema", () => {
  it("fills in the defaults of each method", () => {
    expect(anomalyDetectorSettingsSchema.parse({ method: "mad" })).toEqual({
      method: "mad",
      window: 60,
      threshold: 3.5,
      cooldown: 0,
    });
    expect(anomalyDetectorSettingsSchema.parse({ method: "seasonal_mad", seasonLength: 24 })).toEqual({
      method: "seasonal_mad",
      window: 60,
      threshold: 3.5,
      cooldown: 0,
      seasonLength: 24,
      seasons: 3,
    });
  });

  it("refuses an unknown method, a window too short to judge by and a season on the plain method", () => {
    const refused = (input: unknown) => anomalyDetectorSettingsSchema.safeParse(input).success;
    expect(refused({ method: "prophet" })).toBe(false);
    expect(refused({ method: "mad", window: 3 })).toBe(false);
    expect(refused({ method: "mad", threshold: 0 })).toBe(false);
    expect(refused({ method: "mad", seasonLength: 24 })).toBe(false);
    expect(refused({ method: "seasonal_mad", seasonLength: 1 })).toBe(false);
    expect(refused({ method: "seasonal_mad", window: 60.5 })).toBe(false);
  });
});
