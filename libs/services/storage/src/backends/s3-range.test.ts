import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { UnsatisfiableRangeError } from "./bytes-errors";
import { readAll } from "./contract-bodies";
import { exactRange } from "./s3-range";

const OBJECT = "0123456789";
const body = (from = 0, to = OBJECT.length - 1) =>
  Readable.from([Buffer.from(OBJECT.slice(from, to + 1))], { objectMode: false });
const text = async (stream: Readable) => (await readAll(stream)).toString();

describe("exact ranges from S3-compatible answers", () => {
  it("passes an answer that matches the range through untouched", async () => {
    const answer = body(2, 4);
    expect(exactRange("k", answer, { start: 2, end: 4 }, { contentRange: "bytes 2-4/10", contentLength: 3 })).toBe(
      answer,
    );
    const tail = body(7);
    expect(exactRange("k", tail, { start: 7 }, { contentRange: "bytes 7-9/10", contentLength: 3 })).toBe(tail);
  });

  it("trims an answer that widened the range", async () => {
    const widened = exactRange("k", body(0), { start: 0, end: 0 }, { contentRange: "bytes 0-9/10", contentLength: 10 });
    expect(await text(widened)).toBe("0");
  });

  it("slices the range out of a whole-object answer from a store that ignored the Range header", async () => {
    expect(
      await text(exactRange("k", body(), { start: 3, end: 5 }, { contentRange: undefined, contentLength: 10 })),
    ).toBe("345");
    expect(await text(exactRange("k", body(), { start: 8 }, { contentRange: undefined, contentLength: 10 }))).toBe(
      "89",
    );
  });

  it("refuses a range past the end of a whole-object answer, and an answer starting after the range", () => {
    expect(() => exactRange("k", body(), { start: 10 }, { contentRange: undefined, contentLength: 10 })).toThrow(
      UnsatisfiableRangeError,
    );
    expect(() => exactRange("k", body(5), { start: 2 }, { contentRange: "bytes 5-9/10", contentLength: 5 })).toThrow(
      /starting at 2/,
    );
  });
});
