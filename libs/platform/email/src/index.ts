export {
  createCapturingEmailSender,
  createLogEmailSender,
  type CapturedEmailSender,
  type EmailMessage,
  type EmailSender,
} from "./email-sender";
