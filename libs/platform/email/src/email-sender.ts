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

/** Delivers messages; the local default logs them, production plugs in SMTP or a provider. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}

/** Logs each message with its link, so a local operator can follow it. */
export function createLogEmailSender(logger: Logger): EmailSender {
  return {
    async send(message) {
      logger.info({ to: message.to, template: message.template, link: message.link }, `email: ${message.subject}`);
    },
  };
}

/** Keeps messages in memory so tests can read what a user would have received. */
export interface CapturedEmailSender extends EmailSender {
  sent: EmailMessage[];
  lastTo(recipient: string): EmailMessage | undefined;
}

export function createCapturingEmailSender(): CapturedEmailSender {
  const sent: EmailMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
    },
    lastTo: (recipient) => [...sent].reverse().find((message) => message.to === recipient),
  };
}
