export { MAX_DIMENSIONS, type DecodeIssue, type DecodeResult, type IngestPoint } from "./ingest-point";
export { decodeLineProtocol, type LinePrecision, type LineProtocolOptions } from "./line-protocol";
export {
  decodeOtlpMetrics,
  decodeOtlpMetricsJson,
  decodeOtlpMetricsProtobuf,
  otlpEncodingOf,
  type OtlpEncoding,
} from "./otlp-metrics";
export { ProtocolDecodeError, type IngestProtocol } from "./protocol-decode-error";
export { DEFAULT_MAX_UNCOMPRESSED_BYTES, decodeRemoteWrite, type RemoteWriteOptions } from "./remote-write";
