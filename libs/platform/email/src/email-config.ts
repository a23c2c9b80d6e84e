import { loadConfig } from "@cauldron/config";
import type { Logger } from "pino";
import { z } from "zod";
import { createLogEmailSender, type EmailSender } from "./email-sender";
import { createSmtpEmailSender } from "./smtp-email-sender";

// A bare address or a display name with the address in angle brackets.
const MAILBOX = /^(?:[^<>]*<([^<>\s]+)>|([^<>\s]+))$/;

function mailboxAddress(value: string): string | null {
  const match = MAILBOX.exec(value.trim());
  return match ? (match[1] ?? match[2] ?? null) : null;
}

// Only outside production, where nothing leaves the machine without SMTP_URL anyway.
const LOCAL_FROM = "Cauldron <no-reply@localhost>";

/** The mail settings of a service that sends email (auth, org). */
export const emailEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    SMTP_URL: z
      .string()
      .url("must be a URL such as smtps://user:password@smtp.example.com:465")
      .refine((value) => /^smtps?:\/\//.test(value), "must start with smtp:// or smtps://")
      .optional(),
    EMAIL_FROM: z
      .string()
      .refine(
        (value) => z.email().safeParse(mailboxAddress(value)).success,
        "must be an address such as no-reply@example.com or Cauldron <no-reply@example.com>",
      )
      .optional(),
  })
  .superRefine((env, context) => {
    if (env.NODE_ENV !== "production") return;
    if (env.SMTP_URL === undefined) {
      context.addIssue({ code: "custom", path: ["SMTP_URL"], message: "is required when NODE_ENV=production" });
    }
    if (env.EMAIL_FROM === undefined) {
      context.addIssue({ code: "custom", path: ["EMAIL_FROM"], message: "is required when NODE_ENV=production" });
    }
  })
  .transform((env) => ({ ...env, EMAIL_FROM: env.EMAIL_FROM ?? LOCAL_FROM }));

export type EmailConfig = z.output<typeof emailEnvSchema>;

/** Reads SMTP_URL and EMAIL_FROM; throws a ConfigError naming each bad variable (both are required in production). */
export function loadEmailConfig(environment: Record<string, string | undefined>): EmailConfig {
  return loadConfig(emailEnvSchema, environment);
}

/**
 * The sender the configuration asks for: SMTP when SMTP_URL is set; otherwise a log line, which
 * shows links only in development (the local `npm start`), never in test or any other mode.
 */
export function createConfiguredEmailSender(config: EmailConfig, logger: Logger): EmailSender {
  if (config.SMTP_URL) return createSmtpEmailSender({ url: config.SMTP_URL, from: config.EMAIL_FROM });
  return createLogEmailSender(logger, { showLinks: config.NODE_ENV === "development" });
}
