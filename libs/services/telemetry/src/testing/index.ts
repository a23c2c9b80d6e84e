export { encodeRemoteWriteRequest, type RemoteWriteSeries } from "./remote-write-request";
export { startTelemetryTestKit, type TelemetryTestKit } from "./telemetry-test-kit";
export { telemetrySweepFixture } from "./telemetry-sweep-fixture";
