export {
  createTelemetryRouter,
  createTelemetryService,
  telemetryService,
  type TelemetryRouter,
  type TelemetryServiceOptions,
} from "./telemetry-service";
export {
  alertEvaluatorJob,
  evaluateDueRules,
  type EvaluationCounts,
  type EvaluationOptions,
} from "./alerts/evaluation";
export { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from "./alerts/channels/webhook-signature";
