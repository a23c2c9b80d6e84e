import { ConfigError } from "@cauldron/config";
import { describe, expect, it } from "vitest";
import { loadEmailConfig } from "./email-config";

function variablesRefused(environment: Record<string, string>): string[] {
  try {
    loadEmailConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => issue.variable).sort();
    throw error;
  }
  return [];
}

describe("email configuration", () => {
  it("refuses production without SMTP_URL or EMAIL_FROM, naming each", () => {
    expect(variablesRefused({ NODE_ENV: "production" })).toEqual(["EMAIL_FROM", "SMTP_URL"]);
    expect(variablesRefused({ NODE_ENV: "production", EMAIL_FROM: "no-reply@example.com" })).toEqual(["SMTP_URL"]);
  });

  it("accepts production with an smtp:// or smtps:// URL and a from address", () => {
    for (const url of ["smtp://mailer:secret@smtp.example.com:587", "smtps://mailer:secret@smtp.example.com:465"]) {
      const config = loadEmailConfig({
        NODE_ENV: "production",
        SMTP_URL: url,
        EMAIL_FROM: "Cauldron <no-reply@example.com>",
      });
      expect(config).toMatchObject({ SMTP_URL: url, EMAIL_FROM: "Cauldron <no-reply@example.com>" });
    }
  });

  it("refuses other URL schemes and from values that hold no address", () => {
    expect(variablesRefused({ SMTP_URL: "http://smtp.example.com" })).toEqual(["SMTP_URL"]);
    expect(variablesRefused({ EMAIL_FROM: "Cauldron" })).toEqual(["EMAIL_FROM"]);
    expect(variablesRefused({ EMAIL_FROM: "Cauldron <not an address>" })).toEqual(["EMAIL_FROM"]);
  });

  it("needs neither variable outside production, where mail is only logged", () => {
    const config = loadEmailConfig({ NODE_ENV: "development" });
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.EMAIL_FROM).toMatch(/<[^@]+@[^>]+>$/);
  });
});
