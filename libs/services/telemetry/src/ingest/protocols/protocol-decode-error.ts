/** The wire formats telemetry accepts points in. */
export type IngestProtocol = "influx-line-protocol" | "prometheus-remote-write" | "otlp-json" | "otlp-protobuf";

/** A request body that cannot be read at all; `location` says where reading stopped. */
export class ProtocolDecodeError extends Error {
  override readonly name = "ProtocolDecodeError";

  constructor(
    readonly protocol: IngestProtocol,
    readonly location: string,
    readonly reason: string,
  ) {
    super(`Malformed ${protocol} body at ${location}: ${reason}`);
  }
}
