import { describe, expect, it } from "vitest";
import { apportion, passagesOf, splitEvenly } from "./sentence-groups";

describe("apportion", () => {
  it("shares the total in proportion to the sizes, adding up exactly", () => {
    expect(apportion([10, 30, 60], 10)).toEqual([1, 3, 6]);
    const parts = apportion([7, 13, 29, 51], 17);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(17);
  });

  it("gives every item at least one part", () => {
    const parts = apportion([1, 1, 1_000], 5);
    expect(parts).toEqual([1, 1, 3]);
  });

  it("refuses fewer parts than items", () => {
    expect(() => apportion([1, 2, 3], 2)).toThrow(/cannot share/);
  });
});

describe("splitEvenly", () => {
  it("keeps order and differs in size by at most one", () => {
    const groups = splitEvenly([1, 2, 3, 4, 5, 6, 7], 3);
    expect(groups.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(groups.map((group) => group.length)).toEqual([2, 2, 3]);
  });

  it("never makes an empty group", () => {
    expect(splitEvenly(["a", "b"], 5)).toEqual([["a"], ["b"]]);
  });
});

describe("passagesOf", () => {
  it("packs consecutive sentences up to the limit and drops passages under the minimum", () => {
    const sentences = ["aaaa.", "bbbb.", "cccc.", "dd."];
    expect(passagesOf(sentences, 11, 6)).toEqual(["aaaa. bbbb.", "cccc. dd."]);
    expect(passagesOf(sentences, 11, 10)).toEqual(["aaaa. bbbb."]);
  });

  it("leaves out a sentence longer than a passage", () => {
    expect(passagesOf(["x".repeat(20), "short one."], 12, 1)).toEqual(["short one."]);
  });
});
