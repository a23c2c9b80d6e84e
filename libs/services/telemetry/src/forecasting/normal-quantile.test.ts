import { describe, expect, it } from "vitest";
import { normalQuantile } from "./normal-quantile";

describe("normalQuantile", () => {
  it("matches the standard normal table in the centre and both tails", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815516, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 6);
    expect(normalQuantile(0.999)).toBeCloseTo(3.0902323, 6);
  });
});
