import type { DecodeResult } from "./ingest-point";
import { decodeOtlpMetricsJson } from "./otlp-metrics-json";
import { decodeOtlpMetricsProtobuf } from "./otlp-metrics-protobuf";

export { decodeOtlpMetricsJson } from "./otlp-metrics-json";
export { decodeOtlpMetricsProtobuf } from "./otlp-metrics-protobuf";

/** The two OTLP/HTTP encodings, told apart by Content-Type. */
export type OtlpEncoding = "json" | "protobuf";

/** The encoding of an OTLP/HTTP body from its Content-Type, or undefined when OTLP has none such. */
export function otlpEncodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  if (mediaType === "application/json") return "json";
  if (mediaType === "application/x-protobuf") return "protobuf";
  return undefined;
}

/** Decodes an OTLP/HTTP metrics export in either encoding into points. */
export function decodeOtlpMetrics(body: Uint8Array, encoding: OtlpEncoding): DecodeResult {
  return encoding === "json" ? decodeOtlpMetricsJson(body) : decodeOtlpMetricsProtobuf(body);
}
