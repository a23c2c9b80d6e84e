import { describe, expect, it } from "vitest";
import { answerDifferences, type MetricsAnswer } from "./rollup-answers";

const hour = (index: number) => new Date(Date.UTC(2026, 0, 1, index));

function answer(values: Record<string, (number | null)[]>): MetricsAnswer {
  return {
    bucketSeconds: 3_600,
    series: Object.entries(values).map(([store, points]) => ({
      group: (store === "" ? {} : { store, region: "eu" }) as Record<string, string>,
      points: points.map((value, index) => ({ time: hour(index), value })),
    })),
  };
}

describe("answerDifferences", () => {
  it("finds none between equal answers, whatever the order of series and of a group's keys", () => {
    const reference = answer({ a: [1.5, null, 3], b: [4, 5, 6] });
    const reordered: MetricsAnswer = {
      bucketSeconds: 3_600,
      series: [...reference.series]
        .reverse()
        .map((series) => ({ ...series, group: { region: "eu", store: series.group.store! } })),
    };
    expect(answerDifferences(reordered, reference, "max")).toEqual([]);
  });

  it("accepts sums and averages within a relative 1e-9, and nothing further off", () => {
    const reference = answer({ "": [1_000_000, 0.3] });
    expect(answerDifferences(answer({ "": [1_000_000 * (1 + 5e-10), 0.1 + 0.2] }), reference, "avg")).toEqual([]);
    expect(answerDifferences(answer({ "": [1_000_000 * (1 + 5e-9), 0.3] }), reference, "sum")).toHaveLength(1);
  });

  it("holds counts, extremes, first and last to the exact value", () => {
    const reference = answer({ "": [0.3] });
    expect(answerDifferences(answer({ "": [0.1 + 0.2] }), reference, "min")).toEqual([
      `series [] at ${hour(0).toISOString()}: 0.30000000000000004 instead of 0.3`,
    ]);
    expect(answerDifferences(answer({ "": [null] }), reference, "count")).toHaveLength(1);
  });

  it("names missing and extra series, other bucket times and other bucket widths", () => {
    const reference = answer({ a: [1, 2], b: [3] });
    expect(answerDifferences(answer({ a: [1], c: [3] }), reference, "avg")).toEqual([
      `series [["region","eu"],["store","a"]]: 1 buckets instead of 2`,
      `series [["region","eu"],["store","c"]] is not in the reference`,
      `series [["region","eu"],["store","b"]] is missing`,
    ]);
    const shifted = answer({ a: [1, 2], b: [3] });
    shifted.bucketSeconds = 60;
    shifted.series[1]!.points[0]!.time = hour(5);
    expect(answerDifferences(shifted, reference, "avg")).toEqual([
      "buckets of 60 s instead of 3600 s",
      `series [["region","eu"],["store","b"]]: bucket ${hour(5).toISOString()} where ${hour(0).toISOString()} was expected`,
    ]);
  });
});
