import { describe, expect, it } from "vitest";
import { nabTime, parseNabCsv, windowIndices } from "./nab-corpus";

describe("parseNabCsv", () => {
  it("reads the points in file order, a repeated hour of local time included", () => {
    const text = "timestamp,value\n2014-11-02 01:00:00,3.5\n2014-11-02 01:30:00,4\n2014-11-02 01:00:00,5\n";
    const { times, values } = parseNabCsv("repeated.csv", text);
    expect(Array.from(values)).toEqual([3.5, 4, 5]);
    expect(times[2]).toBe(times[0]);
    expect(times[0]).toBe(Date.UTC(2014, 10, 2, 1));
  });

  it("refuses a file without the NAB header or with a value that is not a number", () => {
    expect(() => parseNabCsv("a.csv", "time,value\n2014-01-01 00:00:00,1")).toThrow(/timestamp,value/);
    expect(() => parseNabCsv("b.csv", "timestamp,value\n2014-01-01 00:00:00,n/a")).toThrow(/line 2/);
  });
});

describe("windowIndices", () => {
  it("places a labelled window on the rows where its timestamps first occur", () => {
    const times = Float64Array.from(["00:00", "00:05", "00:10", "00:05", "00:15"], (clock) =>
      nabTime(`2014-04-10 ${clock}:00`),
    );
    const window = windowIndices(times, nabTime("2014-04-10 00:05:00.000000"), nabTime("2014-04-10 00:15:00.000000"));
    expect(window).toEqual({ first: 1, last: 4 });
    expect(windowIndices(times, nabTime("2014-04-10 00:07:00"), nabTime("2014-04-10 00:15:00"))).toBeNull();
  });
});
