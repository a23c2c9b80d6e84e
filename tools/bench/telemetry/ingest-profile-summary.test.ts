import { describe, expect, it } from "vitest";
import { originOf, renderProfileSummary, summarizeCpuProfile } from "./ingest-profile-summary";

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url, lineNumber: id, columnNumber: 0, scriptId: String(id) },
  hitCount: 0,
  children,
});

const SERVICE = "file:///work/main/libs/services/telemetry/src/metrics/write-metrics.ts";
const RULES = "file:///work/main/libs/services/telemetry/src/metrics/point-rules.ts";
const ZOD = "file:///work/main/node_modules/zod/v4/core/schemas.js";

// root → writeMetrics → { pointIssues, zod parse }, and idle and GC beside them.
const profile = {
  nodes: [
    frame(1, "(root)", "", [2, 5, 6]),
    frame(2, "writeMetrics", SERVICE, [3, 4]),
    frame(3, "pointIssues", RULES),
    frame(4, "parse", ZOD),
    frame(5, "(idle)", ""),
    frame(6, "(garbage collector)", ""),
  ],
  startTime: 0,
  endTime: 100_000,
  // Each sample is charged the delta that follows it: 3 → 10 ms, 4 → 20 ms, 2 → 5 ms, 5 → 50 ms, 6 → 15 ms.
  samples: [3, 4, 2, 5, 6, 3],
  timeDeltas: [0, 10_000, 20_000, 5_000, 50_000, 15_000],
};

describe("summarizeCpuProfile", () => {
  it("charges each sample to its frame, its origin and every repository frame on its stack, leaving idle out", () => {
    const summary = summarizeCpuProfile(profile);
    expect(summary.busyMilliseconds).toBe(50);
    expect(summary.origins).toEqual([
      { name: "zod", milliseconds: 20 },
      { name: "libs/services/telemetry", milliseconds: 15 },
      { name: "garbage collection", milliseconds: 15 },
    ]);
    expect(summary.selfTime[0]).toEqual({ name: "parse node_modules/zod/v4/core/schemas.js:5", milliseconds: 20 });
    expect(summary.inclusiveTime).toEqual([
      { name: "writeMetrics libs/services/telemetry/src/metrics/write-metrics.ts:3", milliseconds: 35 },
      { name: "pointIssues libs/services/telemetry/src/metrics/point-rules.ts:4", milliseconds: 10 },
    ]);
    expect(renderProfileSummary(summary)).toContain(" 70.0%       35 ms  writeMetrics");
  });

  it("refuses a file that is not a CPU profile", () => {
    expect(() => summarizeCpuProfile({ nodes: "none" })).toThrow();
  });
});

describe("originOf", () => {
  it("names packages (scoped too), repository libs, Node and V8", () => {
    expect(originOf("parse", "file:///x/node_modules/@trpc/server/dist/a.mjs")).toBe("@trpc/server");
    expect(originOf("query", "file:///x/node_modules/pg/lib/client.js")).toBe("pg");
    expect(originOf("withTenant", "file:///x/libs/platform/db/src/tenant.ts")).toBe("libs/platform/db");
    expect(originOf("write", "node:internal/streams/writable")).toBe("node internals");
    expect(originOf("(program)", "")).toBe("V8 (program)");
    expect(originOf("stringify", "")).toBe("V8 builtins and native code");
  });
});
