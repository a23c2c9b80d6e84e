import { startSmtpTestServer, type SmtpTestServer } from "@cauldron/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogEmailSender } from "./email-sender";
import { createSmtpEmailSender } from "./smtp-email-sender";

const message = {
  to: "ada@example.test",
  subject: "Reset your password",
  text: "Open https://app.example.test/reset-password?token=abc123-secret within 60 minutes.",
  link: "https://app.example.test/reset-password?token=abc123-secret",
  template: "password_reset",
};

describe("SMTP sender", () => {
  let smtp: SmtpTestServer;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });

  afterAll(async () => {
    await smtp?.close();
  });

  it("hands the message to the server with the configured credentials and from address", async () => {
    const sender = createSmtpEmailSender({ url: smtp.url, from: "Cauldron <no-reply@example.test>" });
    await sender.send(message);
    const received = await smtp.nextTo("ada@example.test");
    expect(received).toMatchObject({
      from: "no-reply@example.test",
      to: ["ada@example.test"],
      subject: "Reset your password",
    });
    expect(received.text).toBe(message.text);
  });

  it("fails the send when the server turns the message away, so the delivery can be retried", async () => {
    const sender = createSmtpEmailSender({ url: smtp.url, from: "no-reply@example.test" });
    smtp.rejectNext(1);
    await expect(sender.send(message)).rejects.toThrow(/451/);
    await sender.send(message);
    expect(smtp.rejectedCount()).toBe(1);
  });

  it("fails the send when the credentials are wrong", async () => {
    const wrong = new URL(smtp.url);
    wrong.password = "not-the-password";
    const sender = createSmtpEmailSender({ url: wrong.toString(), from: "no-reply@example.test" });
    await expect(sender.send(message)).rejects.toThrow();
  });
});

describe("log sender", () => {
  function loggedLines(showLinks: boolean): Promise<string[]> {
    const lines: string[] = [];
    const logger = pino({ level: "trace" }, { write: (line: string) => void lines.push(line) });
    return createLogEmailSender(logger, { showLinks })
      .send(message)
      .then(() => lines);
  }

  it("logs the recipient and template but never the link or the body unless links are shown", async () => {
    const [line, ...rest] = await loggedLines(false);
    expect(rest).toEqual([]);
    expect(JSON.parse(line ?? "{}")).toMatchObject({ to: "ada@example.test", template: "password_reset" });
    expect(line).not.toContain("abc123-secret");
  });

  it("logs the link when links are shown (local development)", async () => {
    expect((await loggedLines(true)).join("\n")).toContain(message.link);
  });
});
