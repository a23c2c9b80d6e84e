import { compress } from "snappyjs";
import { ProtobufTestWriter } from "../ingest/protocols/protobuf-test-writer";

/** One series of a remote write request: its labels (with `__name__`) and samples as [value, unix milliseconds]. */
export interface RemoteWriteSeries {
  labels: Record<string, string>;
  /** `stale` is the NaN Prometheus sends when a series ends; JavaScript numbers cannot carry its bits. */
  samples: Array<[number | "stale", number]>;
}

const STALE_MARKER_BITS = 0x7ff0000000000002n;

/** A remote write 1.0 body as Prometheus sends it: a protobuf WriteRequest in one snappy block. */
export function encodeRemoteWriteRequest(series: readonly RemoteWriteSeries[]): Uint8Array {
  const writer = new ProtobufTestWriter();
  for (const { labels, samples } of series) {
    writer.message(1, (timeSeries) => {
      for (const [name, value] of Object.entries(labels)) {
        timeSeries.message(1, (label) => label.string(1, name).string(2, value));
      }
      for (const [value, timestamp] of samples) {
        timeSeries.message(2, (sample) =>
          (value === "stale" ? sample.fixed64(1, STALE_MARKER_BITS) : sample.double(1, value)).varint(
            2,
            BigInt(timestamp),
          ),
        );
      }
    });
  }
  return compress(writer.finish());
}
