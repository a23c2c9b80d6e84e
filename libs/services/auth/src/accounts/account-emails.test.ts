import { randomBytes } from "node:crypto";
import { ConfigError } from "@cauldron/config";
import { createDatabase } from "@cauldron/db";
import {
  createTestDatabase,
  settleRequestedEmails,
  startSmtpTestServer,
  startTestService,
  type SmtpTestServer,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthService, type AuthRouter } from "../auth-service";
import { TEST_AUTH_ENVIRONMENT } from "../testing/auth-harness";

/** An auth service on its own database whose every log line (down to trace) is kept in `lines`. */
interface LoggedAuth {
  database: TestDatabase;
  service: TestService<AuthRouter>;
  lines: string[];
  close(): Promise<void>;
}

/** `idleInTransactionTimeoutMs` gives the service a pool whose sessions end when idle in a transaction that long. */
async function startLoggedAuth(
  environment: Record<string, string>,
  pool: { idleInTransactionTimeoutMs?: number } = {},
): Promise<LoggedAuth> {
  const database = await createTestDatabase();
  const lines: string[] = [];
  const logger = pino({ level: "trace" }, { write: (line: string) => void lines.push(line) });
  const definition = createAuthService({
    environment: { ...TEST_AUTH_ENVIRONMENT, ...environment },
    emailDelivery: { retryBaseMs: 50 },
  });
  const db = pool.idleInTransactionTimeoutMs
    ? createDatabase({ url: database.appUrl, poolMax: 4, idleInTransactionTimeoutMs: pool.idleInTransactionTimeoutMs })
    : database.db;
  const service = await startTestService(definition, { db, logger });
  return {
    database,
    service,
    lines,
    close: async () => {
      await service.close();
      if (db !== database.db) await db.destroy();
      await database.destroy();
    },
  };
}

const newAddress = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.test`;
const PASSWORD = "a long enough passphrase";

/** The app link in a delivered message, and its token. */
function linkIn(text: string, page: string): { link: string; token: string } {
  const link = new RegExp(`https://app\\.example\\.test/${page}\\?token=[\\w%-]+`).exec(text)?.[0];
  if (!link) throw new Error(`no ${page} link in the message`);
  return { link, token: new URL(link).searchParams.get("token") ?? "" };
}

describe("account emails over SMTP", () => {
  let smtp: SmtpTestServer;
  let auth: LoggedAuth;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    auth = await startLoggedAuth({ SMTP_URL: smtp.url, EMAIL_FROM: "Cauldron <no-reply@example.test>" });
  });

  afterAll(async () => {
    await auth?.close();
    await smtp?.close();
  });

  it("delivers the sign-up confirmation link to the SMTP server, and the link confirms the address", async () => {
    const email = newAddress("smtp-confirm");
    const signedUp = await auth.service.client().auth.signUp.mutate({ email, password: PASSWORD });
    const message = await smtp.nextTo(email);
    expect(message).toMatchObject({ from: "no-reply@example.test", subject: "Confirm your email address" });
    await auth.service.client().auth.email.confirm.mutate({ token: linkIn(message.text, "confirm-email").token });
    if (signedUp.status !== "signed_in") throw new Error("expected a session");
    const me = await auth.service.client({ token: signedUp.session.accessToken }).auth.me.query();
    expect(me.user.emailConfirmed).toBe(true);
  });

  it("delivers the password reset link to the SMTP server, and the link sets a new password", async () => {
    const email = newAddress("smtp-reset");
    await auth.service.client().auth.signUp.mutate({ email, password: PASSWORD });
    await smtp.nextTo(email);
    await auth.service.client().auth.password.requestReset.mutate({ email });
    const message = await smtp.nextTo(email);
    expect(message.subject).toBe("Reset your password");
    const { token } = linkIn(message.text, "reset-password");
    await auth.service.client().auth.password.reset.mutate({ token, newPassword: "the password I chose later" });
    await auth.service.client().auth.signIn.mutate({ email, password: "the password I chose later" });
  });

  it("retries a message the server turned away and delivers it once", async () => {
    const email = newAddress("smtp-retry");
    smtp.rejectNext(1);
    await auth.service.client().auth.signUp.mutate({ email, password: PASSWORD });
    await smtp.nextTo(email);
    await settleRequestedEmails(auth.database.ownerDb, "auth");
    expect(smtp.rejectedCount()).toBe(1);
    expect(smtp.received.filter((message) => message.to.includes(email))).toHaveLength(1);
  });

  it("keeps every link and token out of the logs, though the service logged each email it sent", async () => {
    await settleRequestedEmails(auth.database.ownerDb, "auth");
    const tokens = smtp.received.flatMap((message) =>
      [...message.text.matchAll(/https:\/\/app\.example\.test\/[\w-]+\?token=([\w%-]+)/g)].map(
        (match) => match[1] ?? "",
      ),
    );
    expect(tokens.length).toBeGreaterThanOrEqual(4);
    expect(auth.lines.filter((line) => line.includes("email handed to the mail server")).length).toBeGreaterThanOrEqual(
      4,
    );
    for (const line of auth.lines) {
      expect(line).not.toContain("app.example.test/");
      for (const token of tokens) expect(line).not.toContain(token);
    }
  });
});

describe("account emails from a slow mail server", () => {
  let smtp: SmtpTestServer;
  let auth: LoggedAuth;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    // The server answers each message well after the database would end a session idle in a transaction.
    smtp.delayReplies(1_000);
    auth = await startLoggedAuth(
      { SMTP_URL: smtp.url, EMAIL_FROM: "no-reply@example.test" },
      { idleInTransactionTimeoutMs: 300 },
    );
  });

  afterAll(async () => {
    await auth?.close();
    await smtp?.close();
  });

  it("sends the reset email once, with no transaction open, and its link works", async () => {
    const email = newAddress("slow-smtp");
    await auth.service.client().auth.signUp.mutate({ email, password: PASSWORD });
    await auth.service.client().auth.password.requestReset.mutate({ email });
    await settleRequestedEmails(auth.database.ownerDb, "auth");
    const resets = smtp.received.filter(
      (message) => message.to.includes(email) && message.subject === "Reset your password",
    );
    expect(resets).toHaveLength(1);
    const { token } = linkIn(resets[0]?.text ?? "", "reset-password");
    await auth.service.client().auth.password.reset.mutate({ token, newPassword: "chosen despite a slow server" });
    await auth.service.client().auth.signIn.mutate({ email, password: "chosen despite a slow server" });
  });
});

describe("account emails without an SMTP server", () => {
  it("logs the recipient and template but no link outside development", async () => {
    const auth = await startLoggedAuth({ NODE_ENV: "test" });
    try {
      const email = newAddress("logged");
      await auth.service.client().auth.signUp.mutate({ email, password: PASSWORD });
      await auth.service.client().auth.password.requestReset.mutate({ email });
      await settleRequestedEmails(auth.database.ownerDb, "auth");
      const emailLines = auth.lines.filter((line) => line.includes(email) && line.includes("template"));
      expect(emailLines.map((line) => (JSON.parse(line) as { template: string }).template).sort()).toEqual([
        "email_confirmation",
        "password_reset",
      ]);
      for (const line of auth.lines) expect(line).not.toMatch(/token=|app\.example\.test\//);
    } finally {
      await auth.close();
    }
  });

  it("logs the link in development, where the local operator follows it by hand", async () => {
    const auth = await startLoggedAuth({ NODE_ENV: "development" });
    try {
      const email = newAddress("developer");
      await auth.service.client().auth.signUp.mutate({ email, password: PASSWORD });
      await settleRequestedEmails(auth.database.ownerDb, "auth");
      const line = auth.lines.find(
        (candidate) => candidate.includes(email) && candidate.includes("email_confirmation"),
      );
      expect(line).toMatch(/"link":"https:\/\/app\.example\.test\/confirm-email\?token=/);
    } finally {
      await auth.close();
    }
  });
});

describe("auth service configuration", () => {
  it("refuses to start in production without SMTP_URL and EMAIL_FROM, naming both", async () => {
    const database = await createTestDatabase();
    try {
      const definition = createAuthService({
        environment: { NODE_ENV: "production", AUTH_ENCRYPTION_KEY: randomBytes(32).toString("base64") },
      });
      const failure = await startTestService(definition, { db: database.db }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ConfigError);
      expect((failure as ConfigError).issues.map((issue) => issue.variable).sort()).toEqual(["EMAIL_FROM", "SMTP_URL"]);
    } finally {
      await database.destroy();
    }
  });
});
