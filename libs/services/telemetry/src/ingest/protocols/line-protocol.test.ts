import { dateToProtocolTimestamp, Point } from "@influxdata/influxdb-client";
import { describe, expect, it } from "vitest";
import { MAX_DIMENSIONS, type IngestPoint } from "./ingest-point";
import { decodeLineProtocol, type LinePrecision } from "./line-protocol";

const receivedAt = new Date("2024-05-01T00:00:00.000Z");
const at = new Date("2024-03-01T12:34:56.789Z");

function lineOf(point: Point, precision: LinePrecision = "ns"): string {
  const line = point.toLineProtocol({ convertTime: (time) => dateToProtocolTimestamp[precision](time as Date) });
  if (!line) throw new Error("the point has no fields");
  return line;
}

const byMetric = (points: IngestPoint[]) => [...points].sort((a, b) => a.metric.localeCompare(b.metric));

describe("decoding InfluxDB line protocol", () => {
  it("turns every numeric field the client writes into a point named measurement.field", () => {
    const point = new Point("cpu load")
      .tag("host name", "web,1=a")
      .tag("region", "eu-west")
      .floatField("usage", 61.5)
      .intField("cores", -8)
      .uintField("ticks", "18446744073709551615")
      .booleanField("throttled", true)
      .booleanField("idle", false)
      .floatField("tiny", 1.5e-7)
      .timestamp(at);
    const dimensions = { "host name": "web,1=a", region: "eu-west" };
    const { points, errors } = decodeLineProtocol(lineOf(point), { receivedAt });
    expect(errors).toEqual([]);
    expect(byMetric(points)).toEqual([
      { metric: "cpu load.cores", time: at, value: -8, dimensions },
      { metric: "cpu load.idle", time: at, value: 0, dimensions },
      { metric: "cpu load.throttled", time: at, value: 1, dimensions },
      { metric: "cpu load.ticks", time: at, value: 18446744073709551615, dimensions },
      { metric: "cpu load.tiny", time: at, value: 1.5e-7, dimensions },
      { metric: "cpu load.usage", time: at, value: 61.5, dimensions },
    ]);
  });

  it("reads timestamps in each precision the write declares", () => {
    const expected: Record<LinePrecision, Date> = {
      s: new Date("2024-03-01T12:34:56.000Z"),
      ms: at,
      us: at,
      ns: at,
    };
    for (const precision of ["s", "ms", "us", "ns"] as const) {
      const line = lineOf(new Point("m").floatField("v", 1).timestamp(at), precision);
      expect(decodeLineProtocol(line, { precision }).points[0]?.time).toEqual(expected[precision]);
    }
    const beforeEpoch = lineOf(new Point("m").floatField("v", 1).timestamp(new Date(-1500)));
    expect(decodeLineProtocol(beforeEpoch).points[0]?.time).toEqual(new Date(-1500));
  });

  it("gives every point a time and dimensions of its own, never another point's or the write's", () => {
    const { points } = decodeLineProtocol("m,host=a x=1,y=2 1700000000000000000\nm,host=b z=3", { receivedAt });
    expect(points.map((point) => point.metric)).toEqual(["m.x", "m.y", "m.z"]);
    const [x, y, z] = points as [IngestPoint, IngestPoint, IngestPoint];
    expect(x.time).toEqual(y.time);
    expect(x.time).not.toBe(y.time);
    expect(x.dimensions).toEqual(y.dimensions);
    expect(x.dimensions).not.toBe(y.dimensions);
    expect(z.time).toEqual(receivedAt);
    expect(z.time).not.toBe(receivedAt);
  });

  it("gives lines without a timestamp the time the write arrived", () => {
    const line = new Point("m").floatField("v", 3).timestamp("").toLineProtocol() ?? "";
    expect(decodeLineProtocol(line, { receivedAt }).points).toEqual([
      { metric: "m.v", time: receivedAt, value: 3, dimensions: {} },
    ]);
  });

  it("reports string fields as not stored, reading past quotes, backslashes and newlines inside them", () => {
    const first = new Point("app").stringField("note", 'said "hi" \\ then\nleft').floatField("load", 2).timestamp(at);
    const second = new Point("app").floatField("load", 3).timestamp(at);
    const { points, errors } = decodeLineProtocol(`${lineOf(first)}\n${lineOf(second)}\nbroken`, { receivedAt });
    expect(points.map((point) => point.value)).toEqual([2, 3]);
    expect(errors).toEqual([
      { location: "line 1", message: 'field "note" is a string; only numbers and booleans are stored' },
      { location: "line 4", message: "the line has no fields" },
    ]);
  });

  it("skips comments and blank lines, and reports each malformed line by number while keeping the rest", () => {
    const body = [
      "# written by a collector",
      "",
      "   ",
      "disk,path=/var used=1i 1709296496789000000",
      "disk,path used=1i",
      "disk,path= used=1i",
      "disk used=abc",
      "disk used=9223372036854775808i",
      "disk used=-1u",
      "disk used=1 12x",
      "disk used=1 1 trailing",
      "disk used=2 1709296496789000000\r",
      'disk note="never closed',
    ].join("\n");
    const { points, errors } = decodeLineProtocol(body, { receivedAt });
    expect(points).toEqual([
      { metric: "disk.used", time: at, value: 1, dimensions: { path: "/var" } },
      { metric: "disk.used", time: at, value: 2, dimensions: {} },
    ]);
    expect(errors).toEqual([
      { location: "line 5", message: 'tag "path" has no value' },
      { location: "line 6", message: 'tag "path" has an empty value' },
      { location: "line 7", message: 'field "used" has an invalid value' },
      { location: "line 8", message: 'field "used" does not fit a 64-bit integer' },
      { location: "line 9", message: 'field "used" has an invalid value' },
      { location: "line 10", message: "the timestamp is not an integer" },
      { location: "line 11", message: "unexpected text after the timestamp" },
      { location: "line 13", message: "a quoted field string is not closed" },
    ]);
  });

  it("unescapes backslashed commas, spaces, equals signs and backslashes, and keeps other backslashes", () => {
    const { points } = decodeLineProtocol("my\\\\meas\\,ure\\ ment,k\\=ey=C:\\dir\\ x f\\,1=1 0");
    expect(points).toEqual([
      { metric: "my\\meas,ure ment.f,1", time: new Date(0), value: 1, dimensions: { "k=ey": "C:\\dir x" } },
    ]);
  });

  it("keeps tags named __proto__ and constructor as ordinary dimensions of every point of the line", () => {
    const { points } = decodeLineProtocol("m,__proto__=x,constructor=y a=1,b=2 0");
    expect(points).toHaveLength(2);
    for (const point of points) {
      expect(Object.keys(point.dimensions ?? {})).toEqual(["__proto__", "constructor"]);
      expect(JSON.stringify(point.dimensions)).toBe('{"__proto__":"x","constructor":"y"}');
    }
  });

  it("refuses a line with more tags than a point may carry as dimensions", () => {
    const tags = (count: number) => Array.from({ length: count }, (_, index) => `,t${index}=v`).join("");
    expect(decodeLineProtocol(`m${tags(MAX_DIMENSIONS)} a=1,b=2 0`).points).toHaveLength(2);
    // A tag given twice keeps its last value and counts once.
    const repeated = decodeLineProtocol(`m${tags(MAX_DIMENSIONS)},t0=again a=1 0`).points;
    expect(repeated.map((point) => point.dimensions?.t0)).toEqual(["again"]);
    expect(decodeLineProtocol(`m${tags(MAX_DIMENSIONS + 1)} a=1,b=2 0`)).toEqual({
      points: [],
      errors: [{ location: "line 1", message: `the line has more than ${MAX_DIMENSIONS} tags` }],
    });
  });

  it("refuses timestamps no date can hold", () => {
    const { errors } = decodeLineProtocol("m v=1 9223372036854775807", { precision: "s" });
    expect(errors).toEqual([{ location: "line 1", message: "the timestamp is out of range" }]);
  });

  it("lists the first hundred problems and counts the rest", () => {
    const { errors } = decodeLineProtocol(Array.from({ length: 250 }, () => "bad").join("\n"));
    expect(errors).toHaveLength(101);
    expect(errors[100]).toEqual({ location: "request", message: "150 more problems were not listed" });
  });

  it("reads a single 10 MB line in one pass and answers with a short message", () => {
    const huge = "x".repeat(10 * 1024 * 1024);
    const cases = [huge, `m ${huge}`, `m v=${"9".repeat(10 * 1024 * 1024)}`, `m v="${huge}`];
    for (const body of cases) {
      const { points, errors } = decodeLineProtocol(body);
      expect(points).toHaveLength(0);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message.length).toBeLessThan(120);
    }
    expect(decodeLineProtocol(`m s="${huge}",v=1 0`).points).toHaveLength(1);
  });
});
