import { describe, expect, it } from "vitest";
import { evenSample } from "./even-sample";

describe("evenSample", () => {
  it("spreads the sample over the whole list", () => {
    expect(evenSample([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5)).toEqual([0, 2, 4, 6, 8]);
    expect(evenSample([1, 2], 5)).toEqual([1, 2]);
  });
});
