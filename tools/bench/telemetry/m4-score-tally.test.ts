import { describe, expect, it } from "vitest";
import { createScoreTally } from "./m4-score-tally";

const forecast = (values: number[]) =>
  values.map((value, index) => ({
    step: index + 1,
    value,
    bands: [{ level: 80, lower: value - 1, upper: value + 1 }],
  }));

describe("createScoreTally", () => {
  it("averages sMAPE and MASE over series and pools band coverage over points", () => {
    const history = Array.from({ length: 48 }, (_, t) => (t < 24 ? 10 : 12));
    const tally = createScoreTally();
    tally.add("m", forecast([10, 10]), [10, 10], history);
    tally.add("m", forecast([10, 10]), [15, 10], history);
    const score = tally.score("m");
    // sMAPE: (0 + 100·(5/25 + 0)) / 2 = 10. MASE: history's daily step is 2; MAE 0 and 2.5 → (0 + 1.25) / 2.
    expect(score.smape).toBeCloseTo(10, 12);
    expect(score.mase).toBeCloseTo(0.625, 12);
    expect(score.coverage.get(80)).toBe(75);
  });
});
