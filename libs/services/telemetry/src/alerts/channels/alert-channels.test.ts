import { alertNotificationSchema } from "@cauldron/contracts";
import { defineService, router } from "@cauldron/rpc";
import {
  clearTestRedisPrefix,
  codeOf,
  createTestDatabase,
  createTestPeople,
  failureOf,
  startSmtpTestServer,
  startTestService,
  type SmtpTestServer,
  type TestDatabase,
  type TestOrganization,
  type TestPeople,
  type TestPerson,
  type TestService,
} from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { alertChannelsRouter } from "./alert-channels-router";
import { decodeMailSubject } from "./testing/mail-subject";
import { startWebhookReceiver, type WebhookReceiver } from "./testing/webhook-receiver";
import { verifyWebhookSignature } from "./webhook-signature";

// The channels router served on its own, at the path it has in the telemetry service.
const channelsService = defineService({
  name: "telemetry",
  createRouter: () => router({ telemetry: router({ alerts: router({ channels: alertChannelsRouter }) }) }),
});

let database: TestDatabase;
let service: TestService<ReturnType<typeof channelsService.createRouter>>;
let people: TestPeople;
let org: TestOrganization;
let receiver: WebhookReceiver;
let smtp: SmtpTestServer;

beforeAll(async () => {
  [database, receiver, smtp] = await Promise.all([createTestDatabase(), startWebhookReceiver(), startSmtpTestServer()]);
  service = await startTestService(channelsService, { db: database.db, workers: false });
  people = createTestPeople(database, service.signer);
  org = await people.createOrganization("channels");
  vi.stubEnv("TELEMETRY_WEBHOOK_ALLOW_PRIVATE", "true");
  vi.stubEnv("SMTP_URL", smtp.url);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await service?.close();
  await Promise.all([clearTestRedisPrefix(service?.redisKeyPrefix ?? ""), receiver?.close(), smtp?.close()]);
  await database?.destroy();
});

const as = (person: TestPerson, organization = org) =>
  service.client({ token: person.token, organizationId: organization.id }).telemetry.alerts.channels;
const channels = () => as(org.owner);
const webhook = (name: string) => channels().create.mutate({ kind: "webhook", name, webhookUrl: receiver.url });

describe("alert channels", () => {
  it("shows a webhook channel's signing secret once, in the answer to create", async () => {
    const created = await webhook("ops webhook");
    expect(created).toMatchObject({ kind: "webhook", webhookUrl: receiver.url, minSeverity: "info", enabled: true });
    expect(created.signingSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const listed = await channels().list.query({});
    expect(listed.items.find((item) => item.id === created.id)).not.toHaveProperty("signingSecret");
    expect(JSON.stringify(listed)).not.toContain(created.signingSecret);
    const updated = await channels().update.mutate({ id: created.id, minSeverity: "error" });
    expect(JSON.stringify(updated)).not.toContain(created.signingSecret);
  });

  it("creates an email channel with its addresses and no secret", async () => {
    const created = await channels().create.mutate({
      kind: "email",
      name: "on-call mail",
      emailAddresses: ["oncall@example.test", "lead@example.test"],
      minSeverity: "warning",
    });
    expect(created).toMatchObject({ kind: "email", webhookUrl: null, signingSecret: null, minSeverity: "warning" });
    expect(created.emailAddresses).toEqual(["oncall@example.test", "lead@example.test"]);
  });

  it("lists channels by name a page at a time, of one kind when asked", async () => {
    await Promise.all(["page a", "page b", "page c"].map((name) => webhook(name)));
    const first = await channels().list.query({ limit: 2, kind: "webhook" });
    const second = await channels().list.query({ limit: 2, kind: "webhook", cursor: first.nextCursor ?? undefined });
    const names = [...first.items, ...second.items].map((item) => item.name);
    expect(names.slice(0, 4)).toEqual(["ops webhook", "page a", "page b", "page c"]);
    expect((await channels().list.query({ kind: "email" })).items.map((item) => item.name)).toEqual(["on-call mail"]);
    expect(await codeOf(channels().list.query({ cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
  });

  it("changes settings and refuses the fields of the other kind of channel", async () => {
    const created = await webhook("settings");
    const changed = await channels().update.mutate({ id: created.id, name: "settings 2", enabled: false });
    expect(changed).toMatchObject({ name: "settings 2", enabled: false, webhookUrl: receiver.url });

    const wrongKind = await failureOf(channels().update.mutate({ id: created.id, emailAddresses: ["a@example.test"] }));
    expect(wrongKind.data.code).toBe("BAD_REQUEST");
    expect(wrongKind.data.fieldErrors?.emailAddresses?.[0]).toContain("only email channels");
    expect(await codeOf(channels().update.mutate({ id: created.id }))).toBe("BAD_REQUEST");
  });

  it("refuses bad input with a message on the field, and a name already taken", async () => {
    const fieldsOf = async (input: Parameters<ReturnType<typeof channels>["create"]["mutate"]>[0]) =>
      (await failureOf(channels().create.mutate(input))).data.fieldErrors ?? {};
    expect(Object.keys(await fieldsOf({ kind: "webhook", name: "x", webhookUrl: "ftp://example.test/hook" }))).toEqual([
      "webhookUrl",
    ]);
    expect(Object.keys(await fieldsOf({ kind: "webhook", name: "x", webhookUrl: "not a url" }))).toEqual([
      "webhookUrl",
    ]);
    const credentials = await fieldsOf({ kind: "webhook", name: "x", webhookUrl: "https://user:pw@example.test/h" });
    expect(credentials.webhookUrl?.[0]).toContain("must not carry a user name or password");
    const many = Array.from({ length: 21 }, (_, index) => `person${index}@example.test`);
    expect((await fieldsOf({ kind: "email", name: "x", emailAddresses: many })).emailAddresses?.[0]).toContain(
      "at most 20",
    );
    const twice = await fieldsOf({ kind: "email", name: "x", emailAddresses: ["a@example.test", "A@example.test"] });
    expect(twice.emailAddresses?.[0]).toContain("twice");
    expect(Object.keys(await fieldsOf({ kind: "email", name: "x", emailAddresses: ["not-an-address"] }))).toEqual([
      "emailAddresses.0",
    ]);

    const taken = await failureOf(webhook("ops webhook"));
    expect(taken.data).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
  });

  it("sends a test notification signed with the channel's secret, and a new one after rotating it", async () => {
    const created = await webhook("signed");
    expect(await channels().test.mutate({ id: created.id })).toEqual({ delivered: true, httpStatus: 204, error: null });
    const request = receiver.received.at(-1)!;
    const header = request.headers["x-cauldron-signature"] as string;
    expect(verifyWebhookSignature({ secret: created.signingSecret!, body: request.body, header })).toEqual({
      valid: true,
    });
    const notification = alertNotificationSchema.parse(JSON.parse(request.body));
    expect(request.headers).toMatchObject({
      "content-type": "application/json",
      "x-cauldron-event": "alert.test",
      "x-cauldron-delivery": notification.deliveryId,
    });
    expect(notification.alert).toMatchObject({ organizationId: org.id, title: expect.stringContaining("signed") });

    const rotated = await channels().rotateSecret.mutate({ id: created.id });
    expect(rotated.signingSecret).not.toBe(created.signingSecret);
    await channels().test.mutate({ id: created.id });
    const next = receiver.received.at(-1)!;
    const nextHeader = next.headers["x-cauldron-signature"] as string;
    expect(verifyWebhookSignature({ secret: rotated.signingSecret, body: next.body, header: nextHeader }).valid).toBe(
      true,
    );
    expect(verifyWebhookSignature({ secret: created.signingSecret!, body: next.body, header: nextHeader })).toEqual({
      valid: false,
      reason: "mismatch",
    });
  });

  it("reports a receiver that refuses the test, and a private destination while those are not allowed", async () => {
    const created = await webhook("refusing");
    receiver.answerWith(503);
    expect(await channels().test.mutate({ id: created.id })).toEqual({
      delivered: false,
      httpStatus: 503,
      error: "the receiver answered HTTP 503",
    });

    const before = receiver.received.length;
    vi.stubEnv("TELEMETRY_WEBHOOK_ALLOW_PRIVATE", "false");
    try {
      const refused = await channels().test.mutate({ id: created.id });
      expect(refused).toMatchObject({ delivered: false, httpStatus: null });
      expect(refused.error).toContain("127.0.0.1 is a private, loopback or link-local address");
    } finally {
      vi.stubEnv("TELEMETRY_WEBHOOK_ALLOW_PRIVATE", "true");
    }
    expect(receiver.received).toHaveLength(before);
  });

  it("sends a test email to every address of an email channel, and refuses rotating its secret", async () => {
    const created = await channels().create.mutate({
      kind: "email",
      name: "test mail",
      emailAddresses: ["first@example.test", "second@example.test"],
    });
    expect(await channels().test.mutate({ id: created.id })).toEqual({
      delivered: true,
      httpStatus: null,
      error: null,
    });
    for (const address of ["first@example.test", "second@example.test"]) {
      const message = await smtp.nextTo(address);
      expect(decodeMailSubject(message.subject)).toBe(
        '[INFO] Test notification: Test notification for the channel "test mail"',
      );
      expect(message.text).toContain("Severity: info");
    }
    const refusal = await failureOf(channels().rotateSecret.mutate({ id: created.id }));
    expect(refusal.data.fieldErrors?.id?.[0]).toContain("only webhook channels have a signing secret");
  });

  it("deletes a channel", async () => {
    const created = await webhook("short-lived");
    expect(await channels().delete.mutate({ id: created.id })).toEqual({ id: created.id });
    expect(await codeOf(channels().delete.mutate({ id: created.id }))).toBe("NOT_FOUND");
    expect((await channels().list.query({ limit: 200 })).items.map((item) => item.id)).not.toContain(created.id);
  });

  it("keeps each organization's channels to itself", async () => {
    const other = await people.createOrganization("other");
    const ours = await webhook("ours only");
    const theirs = as(other.owner, other);
    expect((await theirs.list.query({})).items).toEqual([]);
    for (const call of [
      () => theirs.update.mutate({ id: ours.id, enabled: false }),
      () => theirs.delete.mutate({ id: ours.id }),
      () => theirs.rotateSecret.mutate({ id: ours.id }),
      () => theirs.test.mutate({ id: ours.id }),
    ]) {
      expect(await codeOf(call())).toBe("NOT_FOUND");
    }
    expect(await codeOf(as(other.owner).list.query({}))).toBe("FORBIDDEN");
    expect((await channels().list.query({ limit: 200 })).items.find((item) => item.id === ours.id)?.enabled).toBe(true);
  });

  it("lets every member list channels and only managers change them", async () => {
    const viewer = await people.createUser("viewer");
    const member = await people.createUser("member");
    await people.addMember(org.id, viewer, "viewer");
    await people.addMember(org.id, member, "member");
    expect((await as(viewer).list.query({})).items.length).toBeGreaterThan(0);
    const some = (await channels().list.query({ limit: 1 })).items[0]!;
    for (const person of [viewer, member]) {
      expect(await codeOf(as(person).create.mutate({ kind: "webhook", name: "nope", webhookUrl: receiver.url }))).toBe(
        "FORBIDDEN",
      );
      expect(await codeOf(as(person).test.mutate({ id: some.id }))).toBe("FORBIDDEN");
    }
  });
});
