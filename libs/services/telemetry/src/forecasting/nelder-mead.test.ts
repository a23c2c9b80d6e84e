import { describe, expect, it } from "vitest";
import { minimiseNelderMead } from "./nelder-mead";

describe("minimiseNelderMead", () => {
  it("finds the bottom of a bowl", () => {
    const bowl = ([x = 0, y = 0]: number[]) => (x - 3) ** 2 + 2 * (y + 1) ** 2 + 7;
    const minimum = minimiseNelderMead(bowl, [0, 0], { maxEvaluations: 1000, tolerance: 1e-14 });
    expect(minimum.point[0]).toBeCloseTo(3, 4);
    expect(minimum.point[1]).toBeCloseTo(-1, 4);
    expect(minimum.value).toBeCloseTo(7, 8);
  });

  it("walks away from points where the objective is undefined", () => {
    const guarded = ([x = 0]: number[]) => (x < 0 ? NaN : (x - 2) ** 2);
    expect(minimiseNelderMead(guarded, [0.5]).point[0]).toBeCloseTo(2, 3);
  });
});
