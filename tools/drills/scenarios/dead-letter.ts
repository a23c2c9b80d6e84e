import { randomBytes } from "node:crypto";
import { loadConfig, platformEnvSchema } from "@cauldron/config";
import { createDatabase } from "@cauldron/db";
import { eventKeys, listDeadLetters, toStreamFields } from "@cauldron/events";
import { Redis } from "ioredis";
import { runEventsCommand } from "../../events/events-command";
import { startDrillConsumers, type DrillConsumers } from "./dead-letter-consumers";
import { drillDocumentEvents, tallyHandling } from "./dead-letter-events";
import { readDeadLetterGauge } from "./dead-letter-gauge";

export interface DeadLetterDrillOptions {
  redisUrl: string;
  /** The database the consumers record processed events in (default: DATABASE_URL, else the local stack's). */
  databaseUrl?: string;
  /** A running service's /metrics URL on the same Redis; its dead-letter gauge must count the drill's dead letter. */
  metricsUrl?: string;
  /** The deployment's Redis key prefix: its dead-letter stream is the one /metrics counts (default cauldron:). */
  redisKeyPrefix?: string;
  /** Events published, the poisoned one included (default 20). */
  events?: number;
  /** How long each step may take before the drill reports it failed (default 15 s). */
  stepTimeoutMs?: number;
  onProgress?: (line: string) => void;
}

/** Scenario 5's row: what was published, what failed and was replayed, and how often each event was handled. */
export interface DeadLetterDrillResult {
  scenario: "dead letters";
  sent: number;
  /** Failed deliveries of the poisoned event: its retries and the one that dead-lettered it. */
  failed: number;
  deadLettered: number;
  replayed: number;
  /** Events that each of the two groups handled exactly once. */
  handledOnce: number;
  /** Events that a group handled more than once. */
  handledTwice: number;
  ok: boolean;
  notes: string[];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await pause(50)) if (await check()) return;
  if (!(await check())) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

/**
 * Scenario 5: a consumer crashes on one event. The event lands in the dead letters after its
 * retries while the others flow, /metrics counts it, and once the consumer is fixed the replay
 * command delivers it again to the failing group only: each group handles every event exactly once.
 */
export async function runDeadLetterDrill(options: DeadLetterDrillOptions): Promise<DeadLetterDrillResult> {
  const say = (line: string) => options.onProgress?.(`dead letters: ${line}`);
  const timeoutMs = options.stepTimeoutMs ?? 15_000;
  const prefix = options.redisKeyPrefix ?? "cauldron:";
  const { stream, deadLetter: deadLetterKey } = eventKeys(prefix);
  const runId = randomBytes(4).toString("hex");
  // A stream of the drill's own, appended to directly: no service reads it, whereas the outbox would
  // let the services' relays carry the drill's events (or the drill's relay theirs) elsewhere.
  const streamKey = `${stream}:drill-${runId}`;
  const events = drillDocumentEvents(Math.max(2, options.events ?? 20));
  const poisoned = events[Math.floor(events.length / 2)]!;
  const notes: string[] = [];
  const zero = { sent: 0, failed: 0, deadLettered: 0, replayed: 0, handledOnce: 0, handledTwice: 0 };
  const result: DeadLetterDrillResult = { scenario: "dead letters", ...zero, ok: false, notes };
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 2 });
  const databaseUrl = options.databaseUrl ?? loadConfig(platformEnvSchema).DATABASE_URL;
  const db = createDatabase({ url: databaseUrl, poolMax: 4, applicationName: "cauldron-drill-dead-letters" });
  let consumers: DrillConsumers | undefined;
  try {
    const drill = await startDrillConsumers({
      redis,
      db,
      streamKey,
      deadLetterKey,
      runId,
      poisonedEventId: poisoned.id,
    });
    consumers = drill;
    const deadLettersOfIndexer = async () =>
      (await listDeadLetters(redis, deadLetterKey, { group: drill.indexerGroup, limit: 100 })).deadLetters;
    const countedBefore = await redis.xlen(deadLetterKey);
    for (const event of events) await redis.xadd(streamKey, "*", ...toStreamFields(event));
    result.sent = events.length;
    say(`published ${events.length} events; the indexer fails on ${poisoned.id}`);

    await waitFor(
      "the poisoned event reaching the dead letters",
      async () => (await deadLettersOfIndexer()).length > 0,
      timeoutMs,
    );
    const othersHandled = () =>
      drill.handled.indexer.size === events.length - 1 && drill.handled.audit.size === events.length;
    await waitFor("the other events flowing", othersHandled, timeoutMs);
    const deadLetters = await deadLettersOfIndexer();
    const [deadLetter] = deadLetters;
    result.deadLettered = deadLetters.length;
    result.failed = drill.failedDeliveries();
    say(`dead-lettered after ${deadLetter!.attempts} attempts; the other ${events.length - 1} events were handled`);

    const shown = await readDeadLetterGauge(
      options.metricsUrl ? { metricsUrl: options.metricsUrl } : { redis, deadLetterKey },
    );
    const where = options.metricsUrl ? `at ${options.metricsUrl}` : "(read from Redis, as the gauge does)";
    notes.push(`cauldron_event_dead_letters ${shown ?? "missing"} ${where}`);
    say(notes.at(-1)!);
    const gaugeCounts = shown !== null && shown >= countedBefore + 1;
    if (!gaugeCounts) notes.push(`expected the dead-letter gauge at ${countedBefore + 1} or more`);

    drill.heal();
    say("consumer fixed; replaying its dead letters");
    const command = { action: "replay-all", group: drill.indexerGroup, prefix } as const;
    result.replayed = (await runEventsCommand(command, redis, say)).replayed.length;
    await waitFor("the replayed event being handled", () => drill.handled.indexer.has(poisoned.id), timeoutMs);
    await waitFor("both groups acknowledging everything", () => drill.settled(), timeoutMs);

    Object.assign(result, tallyHandling(events, drill.handled));
    const left = (await deadLettersOfIndexer()).length;
    if (left > 0) notes.push(`${left} dead letter(s) of the indexer left after the replay`);
    result.ok =
      gaugeCounts &&
      result.replayed === 1 &&
      left === 0 &&
      result.handledOnce === events.length &&
      result.handledTwice === 0;
    say(
      `${result.handledOnce}/${events.length} events handled exactly once by each group, ${result.handledTwice} more than once`,
    );
  } catch (error) {
    notes.push(error instanceof Error ? error.message : String(error));
  } finally {
    await consumers?.stop().catch((error: unknown) => notes.push(`cleanup failed: ${String(error)}`));
    await db.destroy();
    redis.disconnect();
  }
  return result;
}
