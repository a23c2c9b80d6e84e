import type { EmailMessage, EmailSender } from "./email-sender";

/** Keeps messages in memory so tests can read what a user would have received. */
export interface CapturedEmailSender extends EmailSender {
  sent: EmailMessage[];
  lastTo(recipient: string): EmailMessage | undefined;
}

/** A sender for tests: every message is kept in `sent`, in order. */
export function createCapturingEmailSender(): CapturedEmailSender {
  const sent: EmailMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
    },
    lastTo: (recipient) => [...sent].reverse().find((message) => message.to.toLowerCase() === recipient.toLowerCase()),
  };
}
