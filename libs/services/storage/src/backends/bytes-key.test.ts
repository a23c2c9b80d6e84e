import { describe, expect, it } from "vitest";
import { InvalidBytesKeyError } from "./bytes-errors";
import { assertByteRange, assertBytesKey, assertBytesPrefix } from "./bytes-key";

describe("bytes keys", () => {
  it("accepts the service's object and upload keys", () => {
    expect(() => assertBytesKey("0b7e6f40-1a2b-4c3d-8e9f-0a1b2c3d4e5f/bkt_1/obj-2/v.3")).not.toThrow();
    expect(() => assertBytesKey("uploads/0b7e6f40-1a2b-4c3d-8e9f-0a1b2c3d4e5f/10")).not.toThrow();
  });

  it("says why a key is refused", () => {
    const reasonFor = (key: string) => {
      try {
        assertBytesKey(key);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidBytesKeyError);
        return (error as InvalidBytesKeyError).reason;
      }
      return "accepted";
    };
    expect(reasonFor("")).toBe("is empty");
    expect(reasonFor("/a")).toBe("starts with /");
    expect(reasonFor("a//b")).toBe("has an empty segment");
    expect(reasonFor("a/..")).toBe("has a segment starting with a dot");
    expect(reasonFor("a/%2e")).toMatch(/only ASCII letters/);
    expect(reasonFor("x".repeat(513))).toMatch(/longer than 512/);
    expect(reasonFor(`a/${"x".repeat(256)}`)).toMatch(/segment longer than 255/);
  });

  it("accepts an empty prefix, a key, or a key with a trailing slash as a list prefix", () => {
    for (const prefix of ["", "org", "org/", "org/bucket/"]) expect(() => assertBytesPrefix(prefix)).not.toThrow();
    for (const prefix of ["/", "org//", "../", "org/../"]) {
      expect(() => assertBytesPrefix(prefix)).toThrow(InvalidBytesKeyError);
    }
  });

  it("accepts whole, ordered, non-negative ranges only", () => {
    for (const range of [{ start: 0 }, { start: 0, end: 0 }, { start: 5, end: 9 }]) {
      expect(() => assertByteRange(range)).not.toThrow();
    }
    for (const range of [{ start: -1 }, { start: 1.5 }, { start: 4, end: 3 }, { start: 0, end: Number.NaN }]) {
      expect(() => assertByteRange(range)).toThrow(RangeError);
    }
  });
});
