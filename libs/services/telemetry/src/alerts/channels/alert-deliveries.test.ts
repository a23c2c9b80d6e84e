import { alertNotificationSchema, type AlertNotification } from "@cauldron/contracts";
import { withSystem } from "@cauldron/db";
import { createSmtpEmailSender } from "@cauldron/email";
import type { AnyDomainEvent } from "@cauldron/events";
import { defineService, router } from "@cauldron/rpc";
import {
  clearTestRedisPrefix,
  createEventTap,
  createTestDatabase,
  createTestPeople,
  startSmtpTestServer,
  startTestService,
  type EventTap,
  type SmtpTestServer,
  type TestDatabase,
  type TestPeople,
  type TestService,
} from "@cauldron/testing";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raiseAlert, type NewAlert } from "../raise-alert";
import { resolveAlert } from "../resolve-alert";
import { alertChannelsRouter } from "./alert-channels-router";
import { alertDeliveryJob } from "./delivery-job";
import {
  ALERT_NOTIFICATIONS_GROUP,
  alertNotificationConsumer,
  onAlertRaised,
  onAlertResolved,
} from "./notification-consumer";
import type { AlertNotificationSenders } from "./send-notification";
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
let receiver: WebhookReceiver;
let smtp: SmtpTestServer;
let tap: EventTap;
let senders: AlertNotificationSenders;

beforeAll(async () => {
  [database, receiver, smtp] = await Promise.all([createTestDatabase(), startWebhookReceiver(), startSmtpTestServer()]);
  service = await startTestService(channelsService, { db: database.db, workers: false });
  people = createTestPeople(database, service.signer);
  tap = createEventTap(database, service.redisKeyPrefix);
  const email = createSmtpEmailSender({ url: smtp.url, from: "Cauldron <alerts@example.test>" });
  senders = { email, allowPrivateWebhooks: true, webhookTimeoutMs: 5_000 };
});

afterAll(async () => {
  tap?.close();
  await service?.close();
  await Promise.all([clearTestRedisPrefix(service?.redisKeyPrefix ?? ""), receiver?.close(), smtp?.close()]);
  await database?.destroy();
});

const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

/** Runs the delivery job once with its clock at `at`. */
async function runDeliveries(at: Date, options: { allowPrivate?: boolean } = {}) {
  const job = alertDeliveryJob({
    senders: { ...senders, allowPrivateWebhooks: options.allowPrivate ?? true },
    now: () => at,
  });
  await job.run({
    db: database.db,
    logger: pino({ level: "silent" }),
    signal: new AbortController().signal,
    instanceId: "t",
  });
}

/** Relays what was published and hands each alert event to the consumer's handlers. */
async function handlePublished(): Promise<AnyDomainEvent[]> {
  const events = await tap.take();
  await handle(events);
  return events;
}

async function handle(events: AnyDomainEvent[]): Promise<void> {
  for (const event of events) {
    if (event.type === "alert.raised") await withSystem(database.db, (trx) => onAlertRaised(event, trx));
    if (event.type === "alert.resolved") await withSystem(database.db, (trx) => onAlertResolved(event, trx));
  }
}

async function organizationWithWebhook(minSeverity: "info" | "critical" = "info") {
  const org = await people.createOrganization("deliveries");
  const client = service.client({ token: org.owner.token, organizationId: org.id }).telemetry.alerts.channels;
  const channel = await client.create.mutate({ kind: "webhook", name: "hook", webhookUrl: receiver.url, minSeverity });
  return { org, client, channel };
}

/** Raises an alert as an evaluator would and lets the consumer handle its event. */
async function raise(organizationId: string, alert: Partial<NewAlert> = {}) {
  const key = await withSystem(database.db, (trx) =>
    raiseAlert(trx, {
      organizationId,
      alertType: "threshold",
      source: "rule:disk",
      severity: "error",
      title: "Disk almost full",
      ...alert,
    }),
  );
  const events = await handlePublished();
  return { ...key, events };
}

const requestsFor = (alertId: string) =>
  receiver.received.filter((request) => (JSON.parse(request.body) as AlertNotification).alert.id === alertId);

const deliveriesOf = (alertId: string) =>
  withSystem(database.db, (trx) =>
    trx
      .selectFrom("timeseries.alert_deliveries")
      .selectAll()
      .where("alert_id", "=", alertId)
      .orderBy("created_at")
      .execute(),
  );

describe("alert notifications", () => {
  it("declares one consumer group for raised and resolved alerts", () => {
    expect(alertNotificationConsumer()).toMatchObject({
      kind: "consumer",
      group: ALERT_NOTIFICATIONS_GROUP,
      handlers: { "alert.raised": onAlertRaised, "alert.resolved": onAlertResolved },
    });
  });

  it("posts a raised and then a resolved alert to a webhook, signed with the channel's secret", async () => {
    const { org, channel } = await organizationWithWebhook();
    const alert = await raise(org.id, { labels: { host: "db-1" } });
    await runDeliveries(new Date());

    const [request] = requestsFor(alert.id);
    const header = request?.headers["x-cauldron-signature"] as string;
    expect(verifyWebhookSignature({ secret: channel.signingSecret!, body: request!.body, header })).toEqual({
      valid: true,
    });
    const body = alertNotificationSchema.parse(JSON.parse(request!.body));
    expect(request?.headers).toMatchObject({
      "x-cauldron-event": "alert.raised",
      "x-cauldron-delivery": body.deliveryId,
    });
    expect(body.alert).toMatchObject({
      organizationId: org.id,
      severity: "error",
      title: "Disk almost full",
      status: "open",
    });
    expect(body.alert.labels).toEqual({ host: "db-1" });

    const toResolve = { id: alert.id, time: alert.time, organizationId: org.id, ruleId: null };
    await withSystem(database.db, (trx) => resolveAlert(trx, toResolve, new Date()));
    await handlePublished();
    await runDeliveries(new Date());
    const resolved = alertNotificationSchema.parse(JSON.parse(requestsFor(alert.id)[1]!.body));
    expect(resolved).toMatchObject({ type: "alert.resolved", alert: { status: "resolved" } });
    expect((await deliveriesOf(alert.id)).map((row) => [row.transition, row.status, row.attempts])).toEqual([
      ["firing", "delivered", 1],
      ["resolved", "delivered", 1],
    ]);
  });

  it("retries a failing receiver with backoff until it answers, keeping the delivery id", async () => {
    const { org } = await organizationWithWebhook();
    receiver.answerWith(500, 502);
    const alert = await raise(org.id);
    const start = new Date();
    await runDeliveries(start);
    const [afterFirst] = await deliveriesOf(alert.id);
    expect(afterFirst).toMatchObject({ status: "pending", attempts: 1, last_error: "the receiver answered HTTP 500" });
    expect(afterFirst?.next_attempt_at).toEqual(later(start, 30));

    await runDeliveries(later(start, 29));
    expect(requestsFor(alert.id)).toHaveLength(1);
    await runDeliveries(later(start, 30));
    expect((await deliveriesOf(alert.id))[0]).toMatchObject({
      attempts: 2,
      last_error: "the receiver answered HTTP 502",
    });
    await runDeliveries(later(start, 90));

    const requests = requestsFor(alert.id);
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((request) => request.headers["x-cauldron-delivery"])).size).toBe(1);
    expect((await deliveriesOf(alert.id))[0]).toMatchObject({ status: "delivered", attempts: 3, last_error: null });
  });

  it("marks a delivery failed after its last attempt and sends it no more", async () => {
    const { org } = await organizationWithWebhook();
    receiver.answerWith(...Array.from({ length: 8 }, () => 500));
    const alert = await raise(org.id);
    await runDeliveries(new Date());
    for (let attempt = 1; attempt < 8; attempt += 1) {
      await runDeliveries((await deliveriesOf(alert.id))[0]!.next_attempt_at);
    }
    expect((await deliveriesOf(alert.id))[0]).toMatchObject({ status: "failed", attempts: 8 });
    await runDeliveries(later(new Date(), 86_400));
    expect(requestsFor(alert.id)).toHaveLength(8);
  });

  it("queues once per enabled channel the alert's severity reaches, in the alert's organization only, however often the event comes", async () => {
    const { org, client } = await organizationWithWebhook();
    const critical = await client.create.mutate({
      kind: "webhook",
      name: "pager",
      webhookUrl: receiver.url,
      minSeverity: "critical",
    });
    const off = await client.create.mutate({ kind: "webhook", name: "off", webhookUrl: receiver.url, enabled: false });
    const elsewhere = await organizationWithWebhook();
    const alert = await raise(org.id, { severity: "warning" });
    await handle(alert.events);
    const alertId = alert.id;

    expect(await deliveriesOfOrganization(elsewhere.org.id)).toEqual([]);
    const channelIds = (await deliveriesOf(alertId)).map((row) => row.channel_id);
    expect(channelIds).toHaveLength(1);
    expect(channelIds).not.toContain(critical.id);
    expect(channelIds).not.toContain(off.id);
    await runDeliveries(new Date());
    expect(requestsFor(alertId)).toHaveLength(1);
  });

  it("fails the waiting deliveries of a channel disabled before they were sent, without sending them", async () => {
    const { org, client, channel } = await organizationWithWebhook();
    const alert = await raise(org.id);
    await client.update.mutate({ id: channel.id, enabled: false });
    await runDeliveries(new Date());
    expect(requestsFor(alert.id)).toEqual([]);
    expect((await deliveriesOf(alert.id))[0]).toMatchObject({
      status: "failed",
      attempts: 0,
      last_error: "the channel was disabled before the notification was sent",
    });
  });

  it("holds a silenced alert's notification until the silence ends", async () => {
    const { org } = await organizationWithWebhook();
    const alert = await raise(org.id);
    const until = new Date(Date.now() + 3_600_000);
    await withSystem(database.db, (trx) =>
      trx.updateTable("timeseries.alerts").set({ silenced_until: until }).where("id", "=", alert.id).execute(),
    );
    await runDeliveries(new Date());
    expect(requestsFor(alert.id)).toEqual([]);
    expect((await deliveriesOf(alert.id))[0]).toMatchObject({ status: "pending", attempts: 0, next_attempt_at: until });

    await runDeliveries(later(until, 1));
    expect(requestsFor(alert.id)).toHaveLength(1);
  });

  it("emails every address of an email channel with the severity and title in the subject", async () => {
    const org = await people.createOrganization("mail");
    const client = service.client({ token: org.owner.token, organizationId: org.id }).telemetry.alerts.channels;
    const addresses = ["ops@example.test", "cto@example.test"];
    await client.create.mutate({ kind: "email", name: "mail", emailAddresses: addresses });
    await raise(org.id, { severity: "critical", title: "Payments failing", description: "Error rate 42%" });
    await runDeliveries(new Date());
    for (const address of addresses) {
      const message = await smtp.nextTo(address, 1_000);
      expect(decodeMailSubject(message.subject)).toBe("[CRITICAL] Alert firing: Payments failing");
      expect(message.text).toContain("Severity: critical");
      expect(message.text).toContain("Error rate 42%");
    }
  });

  it("refuses a private destination while private webhooks are not allowed, and records why", async () => {
    const { org } = await organizationWithWebhook();
    const alert = await raise(org.id);
    await runDeliveries(new Date(), { allowPrivate: false });
    expect(requestsFor(alert.id)).toEqual([]);
    const [delivery] = await deliveriesOf(alert.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1 });
    expect(delivery?.last_error).toContain("127.0.0.1 is a private, loopback or link-local address");
  });
});

function deliveriesOfOrganization(organizationId: string) {
  return withSystem(database.db, (trx) =>
    trx.selectFrom("timeseries.alert_deliveries").selectAll().where("organization_id", "=", organizationId).execute(),
  );
}
