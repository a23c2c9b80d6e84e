import { randomBytes } from "node:crypto";
import { ConfigError } from "@cauldron/config";
import {
  createTestDatabase,
  startSmtpTestServer,
  startTestService,
  type SmtpTestServer,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrgService, type OrgRouter } from "../org-service";

let database: TestDatabase;
let smtp: SmtpTestServer;
let service: TestService<OrgRouter>;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpTestServer();
  const definition = createOrgService({
    environment: {
      NODE_ENV: "test",
      SMTP_URL: smtp.url,
      EMAIL_FROM: "Cauldron <no-reply@example.test>",
      ORG_INVITATION_URL: "https://app.example.test/invitations/accept",
    },
    emailDelivery: { retryBaseMs: 50 },
  });
  service = await startTestService(definition, { db: database.db });
});

afterAll(async () => {
  await service?.close();
  await smtp?.close();
  await database?.destroy();
});

async function createUser(label: string) {
  const row = await database.ownerDb
    .insertInto("users")
    .values({ email: `${label}-${randomBytes(4).toString("hex")}@example.test`, email_verified_at: new Date() })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  return { ...row, token: await service.signer.issueAccessToken({ userId: row.id }) };
}

describe("invitation emails over SMTP", () => {
  it("delivers the invitation with its accept link to the SMTP server, and the link lets the invitee join", async () => {
    const owner = await createUser("smtp-owner");
    const invitee = await createUser("smtp-invitee");
    const organization = await service.client({ token: owner.token }).org.create.mutate({ name: "Mailing Org" });
    await service
      .client({ token: owner.token, organizationId: organization.id })
      .org.invitations.create.mutate({ email: invitee.email, role: "member" });

    const message = await smtp.nextTo(invitee.email);
    expect(message.from).toBe("no-reply@example.test");
    expect(message.subject).toBe("You are invited to join Mailing Org");
    const link = /https:\/\/app\.example\.test\/invitations\/accept\?token=[\w-]+/.exec(message.text)?.[0];
    expect(link).toBeDefined();
    const token = new URL(link ?? "").searchParams.get("token") ?? "";
    const accepted = await service.client({ token: invitee.token }).org.invitations.accept.mutate({ token });
    expect(accepted).toMatchObject({ organizationId: organization.id });
  });

  it("retries an invitation the server turned away and delivers it once", async () => {
    const owner = await createUser("retry-owner");
    const invitee = await createUser("retry-invitee");
    const organization = await service.client({ token: owner.token }).org.create.mutate({ name: "Retrying Org" });
    smtp.rejectNext(1);
    await service
      .client({ token: owner.token, organizationId: organization.id })
      .org.invitations.create.mutate({ email: invitee.email });
    await smtp.nextTo(invitee.email);
    expect(smtp.rejectedCount()).toBe(1);
    expect(smtp.received.filter((message) => message.to.includes(invitee.email))).toHaveLength(1);
  });

  it("stores no address, link or token in the outbox", async () => {
    const { rows } = await database.ownerDb
      .selectFrom("integration.outbox")
      .select("payload")
      .where("event_type", "=", "email.requested")
      .execute()
      .then((payloads) => ({ rows: payloads.map((row) => JSON.stringify(row.payload)) }));
    expect(rows.length).toBeGreaterThan(0);
    for (const payload of rows) {
      expect(payload).not.toMatch(/@|token|https?:/);
    }
  });
});

describe("org service configuration", () => {
  it("refuses to start in production without SMTP_URL, naming the variable", async () => {
    const definition = createOrgService({
      environment: { NODE_ENV: "production", EMAIL_FROM: "no-reply@example.test" },
    });
    const failure = await startTestService(definition, { db: database.db }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).issues.map((issue) => issue.variable)).toEqual(["SMTP_URL"]);
  });
});
