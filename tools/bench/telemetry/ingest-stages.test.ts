import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ingestBenchPoints } from "./ingest-points";
import { INGEST_STAGES, stageBatch } from "./ingest-stages";

const points = ingestBenchPoints(500, new Date());

describe("stageBatch", () => {
  it("carries the same points in every form: the procedure's input and the decoded line protocol", () => {
    const batch = stageBatch(points);
    expect(batch.writeInput).toEqual({ kind: "business", points });
    expect(batch.decoded.errors).toEqual([]);
    expect(batch.decoded.points).toEqual(points);
    expect(gunzipSync(batch.gzipped).toString()).toBe(batch.lines);
  });

  it("writes one line per point, named by measurement and field, at millisecond precision", () => {
    const [first] = stageBatch(points.slice(0, 1)).lines.split("\n");
    const [measurement, field] = points[0]!.metric.split(".");
    expect(first).toMatch(new RegExp(`^${measurement},\\S+ ${field}=\\S+ ${points[0]!.time.getTime()}$`));
  });
});

describe("INGEST_STAGES", () => {
  it("covers both paths on both sides of the wire", () => {
    const covered = new Set(INGEST_STAGES.map((stage) => `${stage.path} ${stage.side}`));
    expect(covered).toEqual(
      new Set(["typed client client", "typed client service", "line protocol client", "line protocol service"]),
    );
  });
});
