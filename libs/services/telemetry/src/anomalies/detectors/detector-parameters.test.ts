import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { historyBucketsOf, MAX_HISTORY_BUCKETS } from "./detector-history";
import { resolveDetectorSettings, storedParameters } from "./detector-parameters";

function refusalOf(work: () => unknown): { path: (string | number)[]; message: string }[] {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    const issues = ((error as TRPCError).cause as { issues?: { path: (string | number)[]; message: string }[] }).issues;
    return issues ?? [];
  }
  throw new Error("expected a refusal");
}

describe("resolveDetectorSettings", () => {
  it("fills in each method's defaults", () => {
    expect(resolveDetectorSettings("mad", {})).toEqual({ method: "mad", window: 60, threshold: 3.5, cooldown: 0 });
    expect(storedParameters(resolveDetectorSettings("seasonal_mad", { seasonLength: 24 }))).toEqual({
      window: 60,
      threshold: 3.5,
      cooldown: 0,
      seasonLength: 24,
      seasons: 3,
    });
  });

  it("names each parameter out of range under parameters", () => {
    const issues = refusalOf(() => resolveDetectorSettings("seasonal_mad", { window: 4, threshold: -1, seasons: 11 }));
    expect(issues.map((issue) => issue.path.join("."))).toEqual([
      "parameters.window",
      "parameters.threshold",
      "parameters.seasons",
    ]);
    expect(issues[0]!.message).toContain("at least 8");
  });

  it("names a parameter the method does not take", () => {
    expect(refusalOf(() => resolveDetectorSettings("mad", { seasonLength: 24 }))).toEqual([
      { path: ["parameters", "seasonLength"], message: "the mad method takes no seasonLength" },
    ]);
  });

  it("refuses a history too long to read again at every run", () => {
    const issues = refusalOf(() =>
      resolveDetectorSettings("seasonal_mad", { window: 20_000, seasonLength: 10_000, seasons: 10 }),
    );
    expect(issues.map((issue) => issue.path.join("."))).toEqual(["parameters.window"]);
    expect(issues[0]!.message).toContain(String(MAX_HISTORY_BUCKETS));
  });
});

describe("historyBucketsOf", () => {
  it("is the window for the rolling MAD and adds the seasons for the seasonal method", () => {
    expect(historyBucketsOf(resolveDetectorSettings("mad", { window: 30 }))).toBe(30);
    expect(historyBucketsOf(resolveDetectorSettings("seasonal_mad", { window: 48, seasonLength: 24 }))).toBe(48 + 72);
    expect(historyBucketsOf(resolveDetectorSettings("seasonal_mad", { window: 48, seasons: 2 }))).toBe(48 + 48);
  });
});
