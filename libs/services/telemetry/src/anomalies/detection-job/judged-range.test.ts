import { describe, expect, it } from "vitest";
import { judgedRange, MAX_JUDGED_BUCKETS, SETTLE_MS } from "./judged-range";

const at = (iso: string) => new Date(iso);
const MINUTE = 60_000;

describe("judgedRange", () => {
  it("judges the complete buckets after checkedUntil and reads the history before them", () => {
    const range = judgedRange({
      checkedUntil: at("2026-03-01T10:00:00Z"),
      bucketSeconds: 60,
      historyBuckets: 30,
      now: at("2026-03-01T10:05:45Z"),
    });
    expect(range).toEqual({
      readFrom: at("2026-03-01T09:30:00Z"),
      judgeFrom: at("2026-03-01T10:00:00Z"),
      judgeTo: at("2026-03-01T10:05:00Z"),
    });
  });

  it("waits for late points: a bucket ended less than SETTLE_MS ago is not judged yet", () => {
    const justEnded = at("2026-03-01T10:05:00Z");
    const input = { checkedUntil: at("2026-03-01T10:04:00Z"), bucketSeconds: 60, historyBuckets: 10 };
    expect(judgedRange({ ...input, now: new Date(justEnded.getTime() + SETTLE_MS - 1) })).toBeNull();
    expect(judgedRange({ ...input, now: new Date(justEnded.getTime() + SETTLE_MS) })?.judgeTo).toEqual(justEnded);
  });

  it("has nothing to judge when every complete bucket was judged", () => {
    expect(
      judgedRange({
        checkedUntil: at("2026-03-01T10:05:00Z"),
        bucketSeconds: 60,
        historyBuckets: 10,
        now: at("2026-03-01T10:05:50Z"),
      }),
    ).toBeNull();
  });

  it("judges at most MAX_JUDGED_BUCKETS, the latest, on a first run or far behind", () => {
    const now = at("2026-03-10T00:00:40Z");
    for (const checkedUntil of [null, at("2026-01-01T00:00:00Z")]) {
      const range = judgedRange({ checkedUntil, bucketSeconds: 60, historyBuckets: 0, now })!;
      expect(range.judgeTo).toEqual(at("2026-03-10T00:00:00Z"));
      expect((range.judgeTo.getTime() - range.judgeFrom.getTime()) / MINUTE).toBe(MAX_JUDGED_BUCKETS);
    }
  });

  it("starts at the next boundary when the bucket width changed since the last run", () => {
    const range = judgedRange({
      checkedUntil: at("2026-03-01T10:07:00Z"),
      bucketSeconds: 300,
      historyBuckets: 2,
      now: at("2026-03-01T10:20:40Z"),
    });
    expect(range).toEqual({
      readFrom: at("2026-03-01T10:00:00Z"),
      judgeFrom: at("2026-03-01T10:10:00Z"),
      judgeTo: at("2026-03-01T10:20:00Z"),
    });
  });
});
