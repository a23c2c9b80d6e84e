import { describe, expect, it } from "vitest";
import { nabBounds, normalizedNabScore, rawNabScore, scaledSigmoid, STANDARD_PROFILE } from "./nab-scorer";
import type { DetectorRun } from "./nab-windows";

// 20 points: NAB leaves the first 3 (15%) unscored; one window over points 10–13.
const WINDOWS = [{ first: 10, last: 13 }];
const EARLIEST = 2 / (1 + Math.exp(-5)) - 1;

/** A run flagging exactly the given points (score 1) and nothing else. */
function flagging(...indices: number[]): DetectorRun {
  const scores = new Float64Array(20);
  for (const index of indices) scores[index] = 1;
  return { windows: WINDOWS, scores };
}

const score = (...indices: number[]) => rawNabScore([flagging(...indices)], 1, STANDARD_PROFILE);

describe("scaledSigmoid", () => {
  it("is near 1 at a window's left edge, 0 at its right edge and -1 from three widths past it", () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3)).toBe(-1);
  });
});

describe("rawNabScore", () => {
  it("gives a full A_TP for a detection at a window's first point, and -A_FN for a missed window", () => {
    expect(score(10)).toBeCloseTo(1);
    expect(score()).toBe(-1);
  });

  it("rewards a late detection less, by the sigmoid of its place in the window", () => {
    expect(score(13)).toBeCloseTo((2 / (1 + Math.exp(-5 * 0.25)) - 1) / EARLIEST);
  });

  it("counts only the first detection in a window", () => {
    expect(score(11, 12, 13)).toBeCloseTo(score(11));
  });

  it("charges A_FP before any window, and less right after one", () => {
    expect(score(10, 5)).toBeCloseTo(1 - 0.11);
    const pastWindow = (15 - 13) / (13 - 10);
    expect(score(10, 15)).toBeCloseTo(1 + 0.11 * (2 / (1 + Math.exp(5 * pastWindow)) - 1));
  });

  it("ignores detections in the probationary period", () => {
    expect(score(1, 2)).toBe(-1);
  });
});

describe("normalizedNabScore", () => {
  it("puts flagging nothing at 0 and catching every window at its start at 100", () => {
    const bounds = nabBounds([flagging()], STANDARD_PROFILE);
    expect(bounds).toEqual({ none: -1, perfect: 1 });
    expect(normalizedNabScore(score(), bounds)).toBe(0);
    expect(normalizedNabScore(score(10), bounds)).toBeCloseTo(100);
  });
});
