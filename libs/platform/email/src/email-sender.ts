import type { Logger } from "pino";

/** One message to one recipient; `link` is the action it carries (confirm, reset, accept). */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  link?: string;
  /** What kind of message it is, e.g. `password_reset`, `invitation`. */
  template: string;
}

/** Delivers messages: SMTP in production, a log line locally, memory in tests. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}

/**
 * Logs each message instead of sending it. Links carry single-use secrets, so they are logged only
 * when `showLinks` is set (local development, where the operator follows them by hand); otherwise
 * the line names the recipient and the template and nothing else.
 */
export function createLogEmailSender(logger: Logger, options: { showLinks: boolean }): EmailSender {
  return {
    async send(message) {
      const fields = { to: message.to, template: message.template };
      logger.info(
        options.showLinks && message.link ? { ...fields, link: message.link } : fields,
        "email not sent: no SMTP_URL is set",
      );
    },
  };
}
