export { createCapturingEmailSender, type CapturedEmailSender } from "./captured-email";
export { createConfiguredEmailSender, emailEnvSchema, loadEmailConfig, type EmailConfig } from "./email-config";
export { requestEmail, type EmailRequest } from "./email-requests";
export { createLogEmailSender, type EmailMessage, type EmailSender } from "./email-sender";
export {
  emailConsumerGroup,
  emailWorker,
  type EmailComposer,
  type EmailDeliveryOptions,
  type EmailSubjectRecord,
  type EmailWorkerOptions,
} from "./email-worker";
export { createSmtpEmailSender, type SmtpEmailSender, type SmtpEmailSenderOptions } from "./smtp-email-sender";
