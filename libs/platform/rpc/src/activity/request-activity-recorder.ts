import { MAX_REQUEST_ACTIVITY_ENTRIES, requestActivityStreamKey, type RequestActivityBatch } from "@cauldron/contracts";
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { RequestContextFactory } from "../http/request-context";
import { activityCallerOf } from "./activity-caller";
import { createRequestActivityTally, type ActivityCaller } from "./request-activity-tally";

/** Where and how often a server reports its users' requests. */
export interface RequestActivityOptions {
  /** The deployment's Redis key prefix; activity goes to the stream `requestActivityStreamKey(keyPrefix)`. */
  keyPrefix: string;
  /** How often counted requests are appended (10 s by default). */
  flushEveryMs?: number;
}

/** Counts authenticated users' requests in memory and appends them to the activity stream in batches. */
export interface RequestActivityRecorder {
  /** Wraps a context factory so each request's caller is remembered for counting. */
  noteCallers(factory: RequestContextFactory): RequestContextFactory;
  /** Counts a finished request under the procedures (or route) it called; never throws. */
  count(res: ServerResponse, procedures: readonly string[]): void;
  /** Appends what was counted in one pipelined write; batches a failed write kept are resent, never lost silently. */
  flush(): Promise<void>;
  /** Stops the periodic flush and appends what is left. */
  stop(): Promise<void>;
}

const DEFAULT_FLUSH_EVERY_MS = 10_000;
// Distinct users × organizations × minutes a process tallies between flushes.
const MAX_TALLIED_ENTRIES = 20_000;
// Batches kept for a resend while Redis is away: about ten minutes of a busy process.
const MAX_PENDING_BATCHES = 60;
// Telemetry drains the stream every few seconds; the cap only bounds it while nobody drains.
const STREAM_MAX_LENGTH = 100_000;

function ignore(): void {}

/** A recorder for one server; `service` names it in each batch. */
export function createRequestActivityRecorder(
  options: RequestActivityOptions & { service: string; redis: Redis; logger: Logger },
): RequestActivityRecorder {
  const { service, redis, logger } = options;
  const streamKey = requestActivityStreamKey(options.keyPrefix);
  const tally = createRequestActivityTally(MAX_TALLIED_ENTRIES);
  const callers = new WeakMap<ServerResponse, ActivityCaller>();
  let pending: RequestActivityBatch[] = [];
  let queue = Promise.resolve();

  const batchUp = () => {
    const { entries, dropped } = tally.take();
    if (dropped > 0) logger.warn({ dropped }, "request activity tally was full; some requests went uncounted");
    for (let start = 0; start < entries.length; start += MAX_REQUEST_ACTIVITY_ENTRIES) {
      const batch = entries.slice(start, start + MAX_REQUEST_ACTIVITY_ENTRIES);
      pending.push({ batchId: randomUUID(), service, entries: batch });
    }
    if (pending.length > MAX_PENDING_BATCHES) {
      const lost = pending.splice(0, pending.length - MAX_PENDING_BATCHES);
      logger.warn(
        { batches: lost.length },
        "request activity could not be appended for too long; oldest batches dropped",
      );
    }
  };

  const append = async () => {
    batchUp();
    if (pending.length === 0) return;
    const batches = pending;
    pending = [];
    const pipeline = redis.pipeline();
    for (const batch of batches) {
      pipeline.xadd(streamKey, "MAXLEN", "~", STREAM_MAX_LENGTH, "*", "data", JSON.stringify(batch));
    }
    // Each batch keeps its id when resent, so one the stream did take after all is still counted once.
    const replies = await pipeline.exec().catch(() => null);
    const failed = batches.filter((_, index) => !replies || replies[index]?.[0]);
    if (failed.length > 0) {
      pending = [...failed, ...pending];
      logger.warn({ batches: failed.length }, "request activity could not be appended; it will be resent");
    }
  };

  const flush = () => {
    queue = queue
      .then(append)
      .catch((error: unknown) => logger.error({ err: error }, "flushing request activity failed"));
    return queue;
  };
  const timer = setInterval(() => void flush(), options.flushEveryMs ?? DEFAULT_FLUSH_EVERY_MS);
  timer.unref();

  return {
    noteCallers: (factory) => async (req, res) => {
      const context = await factory(req, res);
      const caller = activityCallerOf(context);
      if (!caller) return context;
      // A session found revoked made no request worth counting.
      if (context.principalConfirmed) context.principalConfirmed.then(() => callers.set(res, caller), ignore);
      else callers.set(res, caller);
      return context;
    },
    count(res, procedures) {
      try {
        const caller = callers.get(res);
        if (caller) tally.count(caller, procedures, Date.now());
      } catch (error) {
        logger.error({ err: error }, "counting a request's activity failed");
      }
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
