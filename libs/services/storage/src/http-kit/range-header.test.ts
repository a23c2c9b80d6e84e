import { describe, expect, it } from "vitest";
import { contentRange, parseRangeHeader } from "./range-header";

const partial = (start: number, end: number) => ({ kind: "partial", start, end });

describe("deciding a Range header", () => {
  it("serves a closed range, cutting an end past the body to its last byte", () => {
    expect(parseRangeHeader("bytes=0-99", 1000)).toEqual(partial(0, 99));
    expect(parseRangeHeader("bytes=500-500", 1000)).toEqual(partial(500, 500));
    expect(parseRangeHeader("bytes=900-5000", 1000)).toEqual(partial(900, 999));
    expect(parseRangeHeader(" Bytes = 10-19 ", 1000)).toEqual(partial(10, 19));
  });

  it("serves an open range to the end and a suffix of the last n bytes", () => {
    expect(parseRangeHeader("bytes=990-", 1000)).toEqual(partial(990, 999));
    expect(parseRangeHeader("bytes=-10", 1000)).toEqual(partial(990, 999));
    expect(parseRangeHeader("bytes=-5000", 1000)).toEqual(partial(0, 999));
  });

  it("answers 416 for a start past the body, an end before the start and an empty suffix", () => {
    expect(parseRangeHeader("bytes=1000-", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseRangeHeader("bytes=99999999999999999999999-", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseRangeHeader("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseRangeHeader("bytes=20-10", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseRangeHeader("bytes=-0", 1000)).toEqual({ kind: "unsatisfiable" });
  });

  it("sends the whole body for no header, another unit, a malformed header or several ranges", () => {
    for (const header of [
      undefined,
      "",
      "items=0-5",
      "bytes=",
      "bytes=-",
      "bytes=a-b",
      "bytes=1-2-3",
      "bytes 0-5",
      "bytes=0-1,5-9",
      "bytes=-1, 0-0",
    ]) {
      expect(parseRangeHeader(header, 1000)).toEqual({ kind: "whole" });
    }
  });

  it("reads a list with empty elements as the one range it names", () => {
    expect(parseRangeHeader("bytes=, 0-9 ,", 1000)).toEqual(partial(0, 9));
  });

  it("sends an empty body whole even when a suffix is asked for", () => {
    expect(parseRangeHeader("bytes=-10", 0)).toEqual({ kind: "whole" });
  });
});

describe("the Content-Range header", () => {
  it("names the range served or, for 416, only the size", () => {
    expect(contentRange(parseRangeHeader("bytes=0-99", 1000), 1000)).toBe("bytes 0-99/1000");
    expect(contentRange(parseRangeHeader("bytes=2000-", 1000), 1000)).toBe("bytes */1000");
    expect(contentRange(parseRangeHeader(undefined, 1000), 1000)).toBeUndefined();
  });
});
