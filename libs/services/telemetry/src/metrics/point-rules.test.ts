import { describe, expect, it } from "vitest";
import { MAX_FUTURE_MS, pointIssues, pointProblems, type CandidatePoint } from "./point-rules";

const now = new Date("2026-03-01T12:00:00.000Z");
const point = (overrides: Partial<CandidatePoint> = {}): CandidatePoint => ({
  metric: "orders.placed",
  time: new Date("2026-03-01T11:00:00.000Z"),
  value: 3,
  dimensions: { region: "eu" },
  ...overrides,
});
const fieldsOf = (candidate: CandidatePoint) => pointProblems(candidate, now).map((problem) => problem.field);

describe("the rules every stored point follows", () => {
  it("accepts dotted, coloned and dashed names, times up to ten minutes ahead and no dimensions", () => {
    for (const metric of ["cpu.usage", "_hidden", "http:requests-total", `a${"b".repeat(199)}`]) {
      expect(fieldsOf(point({ metric }))).toEqual([]);
    }
    expect(fieldsOf(point({ time: new Date(now.getTime() + MAX_FUTURE_MS) }))).toEqual([]);
    expect(fieldsOf(point({ time: new Date(0), dimensions: undefined }))).toEqual([]);
  });

  it("refuses names that start with a digit, hold spaces or run past 200 characters", () => {
    for (const metric of ["", "9lives", "two words", "emoji🙂", `a${"b".repeat(200)}`]) {
      expect(fieldsOf(point({ metric }))).toEqual(["metric"]);
    }
  });

  it("refuses NaN and infinities", () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(fieldsOf(point({ value }))).toEqual(["value"]);
    }
  });

  it("refuses times past ten minutes ahead, before 1970 and invalid dates", () => {
    expect(fieldsOf(point({ time: new Date(now.getTime() + MAX_FUTURE_MS + 1) }))).toEqual(["time"]);
    expect(fieldsOf(point({ time: new Date(-1) }))).toEqual(["time"]);
    expect(fieldsOf(point({ time: new Date(Number.NaN) }))).toEqual(["time"]);
  });

  it("bounds the dimensions: 64 of them, keys of 128 characters, values of 1024, 8 kB in all", () => {
    const many = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, "v"]));
    expect(fieldsOf(point({ dimensions: many(64) }))).toEqual([]);
    expect(fieldsOf(point({ dimensions: many(65) }))).toEqual(["dimensions"]);
    expect(fieldsOf(point({ dimensions: { ["k".repeat(129)]: "v" } }))).toEqual(["dimensions"]);
    expect(fieldsOf(point({ dimensions: { "": "v" } }))).toEqual(["dimensions"]);
    expect(fieldsOf(point({ dimensions: { host: "h".repeat(1_024) } }))).toEqual([]);
    expect(fieldsOf(point({ dimensions: { host: "h".repeat(1_025) } }))).toEqual(["dimensions"]);
    const wide = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`key${i}`, "v".repeat(1_000)]));
    expect(pointProblems(point({ dimensions: wide }), now)).toEqual([
      { field: "dimensions", message: "a point's dimensions take at most 8192 bytes as JSON" },
    ]);
  });

  it("measures the 8 kB as JSON bytes, escapes and multi-byte characters included", () => {
    const filled = (entries: number, text: string) =>
      Object.fromEntries(Array.from({ length: entries }, (_, i) => [`key${i}`, text.repeat(1_000)]));
    const cases = [
      filled(8, "v"),
      filled(9, "v"),
      filled(4, "é"),
      filled(5, "é"),
      filled(1, "\u0001"),
      filled(2, "\u0001"),
      filled(4, '"'),
      filled(5, '"'),
    ];
    for (const dimensions of cases) {
      const tooLarge = Buffer.byteLength(JSON.stringify(dimensions)) > 8_192;
      expect(fieldsOf(point({ dimensions }))).toEqual(tooLarge ? ["dimensions"] : []);
    }
    expect(cases.map((dimensions) => fieldsOf(point({ dimensions })).length)).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
  });

  it("refuses dimensions that JSON storage cannot hold: NUL characters and unpaired surrogates", () => {
    expect(fieldsOf(point({ dimensions: { host: "a\u0000b" } }))).toEqual(["dimensions"]);
    expect(fieldsOf(point({ dimensions: { ["\ud800"]: "v" } }))).toEqual(["dimensions"]);
    expect(fieldsOf(point({ dimensions: { host: "\udc00x" } }))).toEqual(["dimensions"]);
    expect(fieldsOf(point({ dimensions: { host: "🙂" } }))).toEqual([]);
  });

  it("names every broken field of every point by its index", () => {
    const issues = pointIssues(
      [point(), point({ value: Number.NaN, metric: "1bad" }), point({ time: new Date(-5) })],
      now,
    );
    expect(issues.map((issue) => issue.path)).toEqual([
      ["points", 1, "metric"],
      ["points", 1, "value"],
      ["points", 2, "time"],
    ]);
  });

  it("describes the first hundred bad points and counts the rest", () => {
    const issues = pointIssues(
      Array.from({ length: 130 }, () => point({ value: Number.NaN })),
      now,
    );
    expect(issues).toHaveLength(101);
    expect(issues.at(-1)).toEqual({ path: ["points"], message: "30 more points break these rules" });
  });
});
