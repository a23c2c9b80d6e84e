/*
 * The few protobuf messages an OTLP/HTTP endpoint answers with, written by hand: an
 * ExportMetricsServiceResponse (empty, or with its partial_success) and a google.rpc.Status.
 */

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

function varintField(field: number, value: number): number[] {
  return value === 0 ? [] : [...varint(field * 8), ...varint(value)];
}

function bytesField(field: number, bytes: Uint8Array | number[]): number[] {
  return bytes.length === 0 ? [] : [...varint(field * 8 + 2), ...varint(bytes.length), ...bytes];
}

/** An ExportMetricsServiceResponse: empty when every data point was taken, else its partial_success. */
export function exportMetricsResponseProtobuf(rejectedDataPoints: number, errorMessage: string): Uint8Array {
  if (rejectedDataPoints === 0 && errorMessage === "") return new Uint8Array();
  const partialSuccess = [
    ...varintField(1, rejectedDataPoints),
    ...bytesField(2, new TextEncoder().encode(errorMessage)),
  ];
  return Uint8Array.from(bytesField(1, partialSuccess));
}

/** The same response in OTLP's JSON encoding (int64 as a string, as proto3 JSON writes it). */
export function exportMetricsResponseJson(rejectedDataPoints: number, errorMessage: string): object {
  if (rejectedDataPoints === 0 && errorMessage === "") return {};
  return { partialSuccess: { rejectedDataPoints: String(rejectedDataPoints), errorMessage } };
}

// gRPC status codes OTLP clients read from a Status body, by HTTP status.
const GRPC_CODES: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  412: 9,
  413: 8,
  415: 3,
  429: 8,
  500: 13,
  503: 14,
};

/** The gRPC code of a failure's HTTP status. */
export function grpcCodeOf(status: number): number {
  return GRPC_CODES[status] ?? 2;
}

/** A google.rpc.Status, the body of an OTLP/HTTP error answer in protobuf. */
export function statusProtobuf(code: number, message: string): Uint8Array {
  return Uint8Array.from([...varintField(1, code), ...bytesField(2, new TextEncoder().encode(message))]);
}
