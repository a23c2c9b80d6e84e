import type { Redis } from "ioredis";
import { pino, type Logger } from "pino";

export interface RealtimeHubOptions {
  redis: Redis;
  /** Prepended to every topic to form the Redis channel, e.g. "cauldron:realtime:". */
  channelPrefix: string;
  /** Messages kept for a subscriber that reads slower than they arrive; the oldest go first. */
  maxBuffered?: number;
  logger?: Logger;
}

/** A live subscription to one topic: iterate it for messages; it unsubscribes when iteration ends. */
export interface RealtimeSubscription<TMessage> extends AsyncIterable<TMessage> {
  /** Resolves once Redis confirmed the subscription; messages published after that are received. */
  readonly ready: Promise<void>;
  /** Ends the iteration and drops the Redis subscription if no one else in this hub listens. */
  close(): Promise<void>;
}

export interface RealtimeHub {
  /** Publishes a JSON-serialisable message to everyone subscribed to `topic`, on any instance. */
  publish(topic: string, message: unknown): Promise<void>;
  /**
   * Subscribes to `topic`. Messages are what publishers sent, parsed from JSON; `TMessage` states
   * what the caller expects and is not checked. Aborting `signal` closes the subscription.
   */
  subscribe<TMessage = unknown>(topic: string, options?: { signal?: AbortSignal }): RealtimeSubscription<TMessage>;
  /** Closes every subscription and the shared subscriber connection. */
  close(): Promise<void>;
}

interface Channel {
  listeners: Set<(message: unknown) => void>;
  subscribed: Promise<void>;
}

/** Fans realtime messages out over Redis pub/sub, with one subscriber connection per hub. */
export function createRealtimeHub(options: RealtimeHubOptions): RealtimeHub {
  const { redis, channelPrefix, maxBuffered = 1_000 } = options;
  const logger = (options.logger ?? pino({ level: "silent" })).child({ component: "realtime-hub" });
  const channels = new Map<string, Channel>();
  const open = new Set<RealtimeSubscription<unknown>>();
  let subscriber: Redis | null = null;

  function subscriberConnection(): Redis {
    if (subscriber) return subscriber;
    // A connection in subscriber mode can run no other command, so it is separate from `redis`.
    const connection = redis.duplicate();
    connection.on("error", (error: Error) => logger.warn({ err: error }, "realtime subscriber connection error"));
    connection.on("message", (channel: string, raw: string) => {
      const listeners = channels.get(channel)?.listeners;
      if (!listeners) return;
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        logger.warn({ channel }, "dropped a realtime message that is not JSON");
        return;
      }
      for (const listener of listeners) listener(message);
    });
    subscriber = connection;
    return connection;
  }

  function addListener(channelName: string, listener: (message: unknown) => void): Promise<void> {
    const existing = channels.get(channelName);
    if (existing) {
      existing.listeners.add(listener);
      return existing.subscribed;
    }
    const subscribed: Promise<void> = subscriberConnection()
      .subscribe(channelName)
      .then(
        () => undefined,
        (error: unknown) => {
          // Forget the failed channel so the next subscriber tries again.
          if (channels.get(channelName)?.subscribed === subscribed) channels.delete(channelName);
          throw error;
        },
      );
    channels.set(channelName, { listeners: new Set([listener]), subscribed });
    return subscribed;
  }

  async function removeListener(channelName: string, listener: (message: unknown) => void): Promise<void> {
    const channel = channels.get(channelName);
    if (!channel?.listeners.delete(listener) || channel.listeners.size > 0) return;
    channels.delete(channelName);
    // Commands on one connection run in order, so a later re-subscribe lands after this.
    await subscriber?.unsubscribe(channelName).catch((error: unknown) => {
      logger.warn({ err: error, channel: channelName }, "could not unsubscribe");
    });
  }

  function subscribe<TMessage>(topic: string, subscribeOptions: { signal?: AbortSignal } = {}) {
    const channelName = channelPrefix + topic;
    const queue: TMessage[] = [];
    let wake: (() => void) | null = null;
    let closed = false;

    const listener = (message: unknown) => {
      if (queue.length >= maxBuffered) queue.shift();
      queue.push(message as TMessage);
      wake?.();
    };
    const ready = addListener(channelName, listener);
    // Callers that never await `ready` still see a failure through the iterator.
    ready.catch(() => undefined);

    let closing: Promise<void> | null = null;
    const close = (): Promise<void> => {
      if (closing) return closing;
      closed = true;
      open.delete(subscription as RealtimeSubscription<unknown>);
      subscribeOptions.signal?.removeEventListener("abort", onAbort);
      closing = removeListener(channelName, listener);
      wake?.();
      return closing;
    };
    const onAbort = () => void close();

    const subscription: RealtimeSubscription<TMessage> = {
      ready,
      close,
      [Symbol.asyncIterator]: () => ({
        async next(): Promise<IteratorResult<TMessage, undefined>> {
          try {
            await ready;
          } catch (error) {
            await close();
            throw error;
          }
          while (!closed && queue.length === 0) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = null;
          }
          if (closed) {
            await close();
            return { done: true, value: undefined };
          }
          return { done: false, value: queue.shift() as TMessage };
        },
        async return(): Promise<IteratorResult<TMessage, undefined>> {
          await close();
          return { done: true, value: undefined };
        },
      }),
    };
    open.add(subscription as RealtimeSubscription<unknown>);
    if (subscribeOptions.signal?.aborted) void close();
    else subscribeOptions.signal?.addEventListener("abort", onAbort, { once: true });
    return subscription;
  }

  return {
    async publish(topic, message) {
      const raw = JSON.stringify(message);
      if (raw === undefined) throw new TypeError("realtime messages must be JSON-serialisable");
      await redis.publish(channelPrefix + topic, raw);
    },
    subscribe,
    async close() {
      await Promise.all([...open].map((subscription) => subscription.close()));
      const connection = subscriber;
      subscriber = null;
      if (connection) await connection.quit().catch(() => connection.disconnect());
    },
  };
}
