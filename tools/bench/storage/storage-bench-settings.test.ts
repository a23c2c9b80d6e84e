import { describe, expect, it } from "vitest";
import { sizeLabel, storageBenchSettings } from "./storage-bench-settings";

describe("storageBenchSettings", () => {
  it("streams 1 GiB on the filesystem and 256 MiB on S3, three rounds, unless told otherwise", () => {
    expect(storageBenchSettings({})).toEqual({
      BENCH_STORAGE_BYTES: 1024 ** 3,
      BENCH_STORAGE_S3_BYTES: 256 * 1024 ** 2,
      BENCH_STORAGE_OBJECTS: 10_000,
      BENCH_STORAGE_S3_OBJECTS: 2_000,
      BENCH_STORAGE_ROUNDS: 3,
    });
    expect(storageBenchSettings({ BENCH_STORAGE_BYTES: "67108864" }).BENCH_STORAGE_BYTES).toBe(64 * 1024 ** 2);
  });

  it("refuses a size below 1 MiB or one that is not a number, naming the variable", () => {
    expect(() => storageBenchSettings({ BENCH_STORAGE_BYTES: "1000" })).toThrow(/BENCH_STORAGE_BYTES/);
    expect(() => storageBenchSettings({ BENCH_STORAGE_ROUNDS: "many" })).toThrow(/BENCH_STORAGE_ROUNDS/);
  });
});

describe("sizeLabel", () => {
  it("says whole and quarter gibibytes in GiB, smaller sizes in MiB", () => {
    expect(sizeLabel(1024 ** 3)).toBe("1 GiB");
    expect(sizeLabel(1.5 * 1024 ** 3)).toBe("1.5 GiB");
    expect(sizeLabel(256 * 1024 ** 2)).toBe("256 MiB");
  });
});
