import { LOCAL_REDIS_URL } from "@cauldron/config";
import { createTestRedisPrefix } from "@cauldron/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRealtimeHub, eventKeys, type RealtimeSubscription } from "./index";

interface DocumentChanged {
  documentId: string;
  version: number;
}

async function nextMessage<T>(subscription: RealtimeSubscription<T>): Promise<T> {
  const result = await subscription[Symbol.asyncIterator]().next();
  if (result.done) throw new Error("subscription ended before a message arrived");
  return result.value;
}

describe("realtime hub", () => {
  let redis: Redis;
  let channelPrefix: string;

  beforeAll(() => {
    redis = new Redis(LOCAL_REDIS_URL);
    channelPrefix = eventKeys(createTestRedisPrefix()).realtimeChannelPrefix;
  });

  afterAll(() => {
    redis.disconnect();
  });

  const subscriberCount = async (topic: string) => {
    const [, count] = (await redis.call("PUBSUB", "NUMSUB", channelPrefix + topic)) as [string, number];
    return count;
  };

  it("delivers a published message to every subscriber of the topic, on this instance and others", async () => {
    const hub = createRealtimeHub({ redis, channelPrefix });
    const otherInstance = createRealtimeHub({ redis, channelPrefix });
    const first = hub.subscribe<DocumentChanged>("org-1:documents");
    const second = hub.subscribe<DocumentChanged>("org-1:documents");
    const elsewhere = otherInstance.subscribe<DocumentChanged>("org-1:documents");
    const unrelated = hub.subscribe<DocumentChanged>("org-2:documents");
    await Promise.all([first.ready, second.ready, elsewhere.ready, unrelated.ready]);

    await hub.publish("org-1:documents", { documentId: "d-1", version: 3 });

    const expected = { documentId: "d-1", version: 3 };
    expect(await nextMessage(first)).toEqual(expected);
    expect(await nextMessage(second)).toEqual(expected);
    expect(await nextMessage(elsewhere)).toEqual(expected);
    await hub.publish("org-2:documents", { documentId: "d-9", version: 1 });
    expect(await nextMessage(unrelated)).toEqual({ documentId: "d-9", version: 1 });

    await Promise.all([hub.close(), otherInstance.close()]);
  });

  it("shares one Redis subscription per topic and drops it when the last iterator returns", async () => {
    const hub = createRealtimeHub({ redis, channelPrefix });
    const first = hub.subscribe<DocumentChanged>("org-3:documents");
    const second = hub.subscribe<DocumentChanged>("org-3:documents");
    await Promise.all([first.ready, second.ready]);
    expect(await subscriberCount("org-3:documents")).toBe(1);

    const received: DocumentChanged[] = [];
    const reading = (async () => {
      for await (const message of first) {
        received.push(message);
        break;
      }
    })();
    await hub.publish("org-3:documents", { documentId: "d-2", version: 1 });
    await reading;
    expect(received).toEqual([{ documentId: "d-2", version: 1 }]);
    expect(await subscriberCount("org-3:documents")).toBe(1);

    await second[Symbol.asyncIterator]().return?.();
    expect(await subscriberCount("org-3:documents")).toBe(0);

    await hub.close();
  });

  it("ends a subscription when its abort signal fires", async () => {
    const hub = createRealtimeHub({ redis, channelPrefix });
    const controller = new AbortController();
    const subscription = hub.subscribe("org-4:alerts", { signal: controller.signal });
    await subscription.ready;

    const ended = (async () => {
      const messages: unknown[] = [];
      for await (const message of subscription) messages.push(message);
      return messages;
    })();
    controller.abort();

    expect(await ended).toEqual([]);
    expect(await subscriberCount("org-4:alerts")).toBe(0);
    await hub.close();
  });
});
