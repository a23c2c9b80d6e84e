import { InfluxDB, Point, type WriteApi } from "@influxdata/influxdb-client";
import type { IngestBenchService } from "./ingest-bench-service";
import { sendByCallers } from "./ingest-callers";
import type { IngestBenchPoint } from "./ingest-points";

/** A WriteApi and the batch it is sending: the client reports each batch through its writeSuccess/writeFailed options. */
interface LineCaller {
  api: WriteApi;
  settle?: { resolve(lines: number): void; reject(error: Error): void };
}

/** The point as InfluxDB's client builds it: `orders.amount` is measurement `orders`, field `amount`. */
export function influxPoint(point: IngestBenchPoint): Point {
  const dot = point.metric.indexOf(".");
  const influx = new Point(point.metric.slice(0, dot));
  for (const [key, value] of Object.entries(point.dimensions)) influx.tag(key, value);
  return influx.floatField(point.metric.slice(dot + 1), point.value).timestamp(point.time);
}

type LineTarget = Pick<IngestBenchService, "url" | "apiToken" | "tenant">;

function startLineCaller(service: LineTarget, batchSize: number): LineCaller {
  const caller: LineCaller = {
    api: new InfluxDB({ url: service.url, token: service.apiToken }).getWriteApi(
      service.tenant.organizationId,
      "telemetry",
      "ms",
      {
        batchSize,
        // Batches go when full (or when flushed for the last, short one), never on a timer.
        flushInterval: 0,
        maxRetries: 0,
        writeSuccess: (lines) => caller.settle?.resolve(lines.length),
        writeFailed: (error) => {
          caller.settle?.reject(error);
          return Promise.resolve();
        },
      },
    ),
  };
  return caller;
}

/**
 * Writes the batches as InfluxDB line protocol to the service's /api/v2/write through
 * @influxdata/influxdb-client's WriteApi (millisecond precision, bodies gzipped as the client does
 * above its threshold), `callers` WriteApis at once, each waiting for its batch's answer before
 * writing the next; answers the points the service acknowledged.
 */
export function writeThroughLineProtocol(
  service: LineTarget,
  batches: readonly IngestBenchPoint[][],
  callers: number,
): Promise<number> {
  const batchSize = Math.max(...batches.map((batch) => batch.length));
  const started: LineCaller[] = [];
  const sending = sendByCallers(
    batches,
    callers,
    () => {
      const caller = startLineCaller(service, batchSize);
      started.push(caller);
      return caller;
    },
    async (caller, points) => {
      const answered = new Promise<number>((resolve, reject) => (caller.settle = { resolve, reject }));
      caller.api.writePoints(points.map(influxPoint));
      await caller.api.flush();
      return answered;
    },
  );
  return sending.finally(() => Promise.all(started.map((caller) => caller.api.close())));
}
