import { gunzipSync, gzipSync } from "node:zlib";
import { writeMetricsInputSchema } from "@cauldron/contracts";
import { InfluxDB } from "@influxdata/influxdb-client";
import superjson, { type SuperJSONResult } from "superjson";
import type { z } from "zod";
import { decodeLineProtocol, type DecodeResult } from "../../../libs/services/telemetry/src/ingest/protocols";
import { pointIssues, pointProblems } from "../../../libs/services/telemetry/src/metrics/point-rules";
import { influxPoint } from "./ingest-line-protocol";
import type { IngestBenchPoint } from "./ingest-points";
import { withEpochTimes } from "./ingest-typed-client";

/** One step of a write path, done alone on a batch: what it takes and hands on. */
export interface IngestStage {
  path: "typed client" | "line protocol";
  name: string;
  /** Where it runs: the caller's process or the service's. */
  side: "client" | "service";
  run(batch: StagedBatch): unknown;
}

/** A batch in every form a stage reads, prepared once so each stage is timed alone. */
export interface StagedBatch {
  points: IngestBenchPoint[];
  /** The body telemetry.metrics.write receives: superjson inside tRPC's batch envelope. */
  rpcBody: string;
  /** The parsed input the procedure validates, and what validation makes of it. */
  rpcInput: unknown;
  writeInput: WriteMetricsInput;
  /** Line protocol as the InfluxDB client writes it, and gzipped as it sends it. */
  lines: string;
  gzipped: Buffer;
  receivedAt: Date;
  /** The points the line protocol decoder reads from `lines`. */
  decoded: DecodeResult;
}

type WriteMetricsInput = z.output<typeof writeMetricsInputSchema>;

const utf8 = new TextDecoder("utf-8", { fatal: true });
// Only its time conversion is used: a WriteApi formats timestamps at its precision.
const millisecondApi = new InfluxDB({ url: "http://127.0.0.1:1", token: "unused" }).getWriteApi("org", "b", "ms");

function lineProtocolOf(points: readonly IngestBenchPoint[]): string {
  return points.map((point) => influxPoint(point).toLineProtocol(millisecondApi)).join("\n");
}

// tRPC's batch link sends `{ "0": <superjson of the input> }` for a batch of one call; the typed
// path sends times as epoch milliseconds (ingest-typed-client.ts).
function rpcBodyOf(points: IngestBenchPoint[]): string {
  return JSON.stringify({ 0: superjson.serialize({ points: withEpochTimes(points) }) });
}

function rpcInputOf(body: string): unknown {
  return superjson.deserialize((JSON.parse(body) as Record<string, SuperJSONResult>)[0]!);
}

/** Prepares a batch for the stages. */
export function stageBatch(points: IngestBenchPoint[]): StagedBatch {
  const rpcBody = rpcBodyOf(points);
  const rpcInput = rpcInputOf(rpcBody);
  const lines = lineProtocolOf(points);
  const receivedAt = new Date();
  return {
    points,
    rpcBody,
    rpcInput,
    writeInput: writeMetricsInputSchema.parse(rpcInput),
    lines,
    gzipped: gzipSync(lines),
    receivedAt,
    decoded: decodeLineProtocol(lines, { precision: "ms", receivedAt }),
  };
}

/** The CPU steps of both write paths, each as the client or the service does it (SQL aside). */
export const INGEST_STAGES: IngestStage[] = [
  {
    path: "typed client",
    side: "client",
    name: "epoch times, superjson.serialize + JSON.stringify",
    run: (b) => rpcBodyOf(b.points),
  },
  {
    path: "typed client",
    side: "service",
    name: "JSON.parse + superjson.deserialize",
    run: (b) => rpcInputOf(b.rpcBody),
  },
  {
    path: "typed client",
    side: "service",
    name: "zod: writeMetricsInputSchema.parse",
    run: (b) => writeMetricsInputSchema.parse(b.rpcInput),
  },
  { path: "typed client", side: "service", name: "point rules (pointIssues)", run: (b) => pointIssues(b.points) },
  { path: "line protocol", side: "client", name: "Point -> line protocol", run: (b) => lineProtocolOf(b.points) },
  { path: "line protocol", side: "client", name: "gzip", run: (b) => gzipSync(b.lines) },
  {
    path: "line protocol",
    side: "service",
    name: "gunzip + UTF-8 decode",
    run: (b) => utf8.decode(gunzipSync(b.gzipped)),
  },
  {
    path: "line protocol",
    side: "service",
    name: "decodeLineProtocol",
    run: (b) => decodeLineProtocol(b.lines, { precision: "ms", receivedAt: b.receivedAt }),
  },
  {
    path: "line protocol",
    side: "service",
    name: "point rules (pointProblems per point)",
    run: (b) => b.points.forEach((point) => pointProblems(point, b.receivedAt)),
  },
];
