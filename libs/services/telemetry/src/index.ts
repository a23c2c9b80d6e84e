export { createTelemetryRouter, telemetryService, type TelemetryRouter } from "./telemetry-service";
