import { JsonMetricsSerializer, ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { describe, expect, it } from "vitest";
import { ProtobufReader } from "../ingest/protocols/protobuf-reader";
import { exportMetricsResponseJson, exportMetricsResponseProtobuf, grpcCodeOf, statusProtobuf } from "./otlp-answers";

describe("OTLP answers as the OpenTelemetry exporters read them", () => {
  it("writes an empty protobuf response when every data point was taken", () => {
    expect(exportMetricsResponseProtobuf(0, "")).toEqual(new Uint8Array());
    expect(ProtobufMetricsSerializer.deserializeResponse(exportMetricsResponseProtobuf(0, ""))).toEqual({});
  });

  it("writes partial success in protobuf that the exporters' own decoder reads back", () => {
    const response = ProtobufMetricsSerializer.deserializeResponse(
      exportMetricsResponseProtobuf(300, "2 bad: ünïcode"),
    );
    expect(Number(response.partialSuccess?.rejectedDataPoints)).toBe(300);
    expect(response.partialSuccess?.errorMessage).toBe("2 bad: ünïcode");
  });

  it("writes partial success in JSON with the count as a string", () => {
    const body = new TextEncoder().encode(JSON.stringify(exportMetricsResponseJson(2, "refused")));
    expect(JsonMetricsSerializer.deserializeResponse(body)).toEqual({
      partialSuccess: { rejectedDataPoints: "2", errorMessage: "refused" },
    });
    expect(exportMetricsResponseJson(0, "")).toEqual({});
  });

  it("writes a google.rpc.Status with the gRPC code of the HTTP status", () => {
    expect([400, 401, 403, 413, 429, 500, 418].map(grpcCodeOf)).toEqual([3, 16, 7, 8, 8, 13, 2]);
    const reader = ProtobufReader.of(statusProtobuf(16, "Send an API token"), "otlp-protobuf");
    const code = reader.readTag();
    expect([code.field, reader.readVarint()]).toEqual([1, 16]);
    expect(reader.readTag().field).toBe(2);
    expect(reader.readString()).toBe("Send an API token");
    expect(reader.hasMore()).toBe(false);
  });
});
