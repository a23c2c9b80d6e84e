import { describe, expect, it } from "vitest";
import { perSecondRate } from "./counter-rate";

const MINUTE = 60_000;
const values = (points: { value: number }[]) => points.map((point) => point.value);

describe("counter rate", () => {
  it("is the per-second increase to each next bucket, placed at the later one", () => {
    const counter = [
      { time: 0, value: 100 },
      { time: MINUTE, value: 160 },
      { time: 3 * MINUTE, value: 400 },
    ];
    expect(perSecondRate(counter)).toEqual([
      { time: MINUTE, value: 1 },
      { time: 3 * MINUTE, value: 2 },
    ]);
  });

  it("reads a decrease as a reset to zero: the increase is the new value", () => {
    const counter = [
      { time: 0, value: 500 },
      { time: MINUTE, value: 30 },
      { time: 2 * MINUTE, value: 90 },
    ];
    expect(values(perSecondRate(counter))).toEqual([0.5, 1]);
  });

  it("has nothing to say about a single bucket", () => {
    expect(perSecondRate([{ time: 0, value: 5 }])).toEqual([]);
  });
});
