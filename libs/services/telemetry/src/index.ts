export {
  createTelemetryRouter,
  createTelemetryService,
  telemetryService,
  type TelemetryRouter,
  type TelemetryServiceOptions,
} from "./telemetry-service";
