import { describe, expect, it } from "vitest";
import { checkVector } from "./check-vector";

describe("checking a supplied vector", () => {
  it("accepts a vector of the model's dimensions with finite numbers", () => {
    expect(checkVector([0.6, -0.8, 0], 3, "cosine")).toBeNull();
    expect(checkVector([1e30, -2, 3], 3, "l2")).toBeNull();
  });

  it("names the expected and the received length", () => {
    expect(checkVector([1, 2], 3, "cosine")).toBe("The vector has 2 numbers but the model has 3 dimensions");
  });

  it("refuses NaN, infinities and numbers beyond single precision, naming the element", () => {
    expect(checkVector([1, Number.NaN, 0], 3, "l2")).toContain("Element 1");
    expect(checkVector([Number.POSITIVE_INFINITY, 0, 0], 3, "inner_product")).toContain("Element 0");
    expect(checkVector([0, 0, 1e39], 3, "l2")).toContain("single-precision");
  });

  it("refuses the zero vector for cosine distance only", () => {
    expect(checkVector([0, 0, 0], 3, "cosine")).toContain("all zeros");
    expect(checkVector([1e-50, 0, 0], 3, "cosine")).toContain("all zeros");
    expect(checkVector([0, 0, 0], 3, "l2")).toBeNull();
    expect(checkVector([0, 0, 0], 3, "inner_product")).toBeNull();
  });
});
