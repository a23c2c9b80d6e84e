import { decodeOtlpMetrics, otlpEncodingOf, type OtlpEncoding } from "../ingest/protocols";
import type { IngestProtocol } from "./ingest-route";
import { exportMetricsResponseJson, exportMetricsResponseProtobuf, grpcCodeOf, statusProtobuf } from "./otlp-answers";
import { IngestRefusal } from "./ingest-refusal";
import { describePartialWrite } from "./store-ingested-points";

/** Where OTLP/HTTP exporters send metrics (`<endpoint>/v1/metrics`). */
export const OTLP_METRICS_PATH = "/v1/metrics";

const CONTENT_TYPES: Record<OtlpEncoding, string> = { json: "application/json", protobuf: "application/x-protobuf" };

function sendOtlp(
  res: Parameters<IngestProtocol["fail"]>[1],
  status: number,
  encoding: OtlpEncoding,
  body: Uint8Array | object,
) {
  res.status(status).type(CONTENT_TYPES[encoding]);
  res.end(body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body));
}

/**
 * `POST /v1/metrics` in JSON or protobuf: answered 200 with an ExportMetricsServiceResponse in the
 * request's encoding, naming the data points refused as a partial success; errors as a Status.
 */
export const otlpMetricsProtocol: IngestProtocol = {
  path: OTLP_METRICS_PATH,
  encodings: ["identity", "gzip"],
  prepare(req) {
    const encoding = otlpEncodingOf(req.headers["content-type"]);
    if (!encoding) throw new IngestRefusal(415, "Send OTLP metrics as application/json or application/x-protobuf");
    return { decode: (body) => decodeOtlpMetrics(body, encoding) };
  },
  succeed(req, res, outcome) {
    const encoding = otlpEncodingOf(req.headers["content-type"]) ?? "json";
    const refused = outcome.rejected + outcome.skipped;
    const message = refused === 0 ? "" : describePartialWrite(outcome);
    const body =
      encoding === "json"
        ? exportMetricsResponseJson(refused, message)
        : exportMetricsResponseProtobuf(refused, message);
    sendOtlp(res, 200, encoding, body);
  },
  fail(req, res, failure) {
    const encoding = otlpEncodingOf(req.headers["content-type"]) ?? "json";
    const code = grpcCodeOf(failure.status);
    const body = encoding === "json" ? { code, message: failure.message } : statusProtobuf(code, failure.message);
    sendOtlp(res, failure.status, encoding, body);
  },
};
