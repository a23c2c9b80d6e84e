import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { ByteMeter } from "./byte-meter";
import { BytesTooLargeError } from "./bytes-errors";
import { patternBody, patternSha256, readAll } from "./contract-bodies";

describe("byte meter", () => {
  it("passes every byte on and measures their size and SHA-256", async () => {
    const meter = new ByteMeter();
    const [, passed] = await Promise.all([pipeline(patternBody(300_000), meter), readAll(meter)]);
    expect(meter.measured()).toEqual({ size: 300_000, sha256: await patternSha256(300_000) });
    expect(createHash("sha256").update(passed).digest("hex")).toBe(await patternSha256(300_000));
  });

  it("fails on the chunk that goes past the limit, passing none of it on", async () => {
    const meter = new ByteMeter(100_000);
    let received = 0;
    meter.on("data", (chunk: Buffer) => (received += chunk.length));
    await expect(pipeline(patternBody(300_000), meter)).rejects.toEqual(new BytesTooLargeError(100_000));
    expect(received).toBe(65_536);
  });

  it("refuses a negative or missing-number limit", () => {
    expect(() => new ByteMeter(-1)).toThrow(RangeError);
    expect(() => new ByteMeter(Number.NaN)).toThrow(RangeError);
  });
});
