import { describe, expect, it } from "vitest";
import { durationSeconds, formatDuration } from "./alert-durations";

describe("alert rule durations", () => {
  it("writes a duration in its largest whole unit", () => {
    expect(formatDuration(0)).toBe("0 seconds");
    expect(formatDuration(1)).toBe("1 second");
    expect(formatDuration(90)).toBe("90 seconds");
    expect(formatDuration(300)).toBe("5 minutes");
    expect(formatDuration(7_200)).toBe("2 hours");
    expect(formatDuration(86_400)).toBe("1 day");
    expect(formatDuration(1_209_600)).toBe("2 weeks");
  });

  it("reads back what it writes", () => {
    for (const seconds of [0, 1, 59, 60, 3_600, 5_400, 86_400, 604_800]) {
      expect(durationSeconds(formatDuration(seconds))).toBe(seconds);
    }
    expect(durationSeconds("0s")).toBe(0);
    expect(() => durationSeconds("soon")).toThrow(/not a duration/);
  });
});
