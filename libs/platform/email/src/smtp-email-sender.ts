import { createTransport } from "nodemailer";
import type { EmailSender } from "./email-sender";

export interface SmtpEmailSenderOptions {
  /** smtp://user:password@host:587 (upgraded with STARTTLS when offered) or smtps://… (TLS from the start). */
  url: string;
  /** The From header, e.g. `Cauldron <no-reply@example.com>`. */
  from: string;
  /**
   * How long connecting, the greeting and each reply may take before the attempt fails and is
   * retried later; 8 s by default, below the services' idle-in-transaction timeout (10 s), so even a
   * send made inside a transaction could not outlive it.
   */
  timeoutMs?: number;
}

/** An SMTP sender; a send resolves once the server has accepted the message and rejects otherwise. */
export interface SmtpEmailSender extends EmailSender {
  close(): void;
}

/** Sends through one SMTP server with nodemailer; it never logs, so message bodies and links stay out of logs. */
export function createSmtpEmailSender(options: SmtpEmailSenderOptions): SmtpEmailSender {
  const timeoutMs = options.timeoutMs ?? 8_000;
  const transport = createTransport({
    url: options.url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
    debug: false,
    // Messages are plain text composed by the services; nothing may pull in files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(message) {
      await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
