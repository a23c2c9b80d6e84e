import { isTrackedEnvelope, tracked, type TrackedEnvelope } from "@trpc/server";
import { z } from "zod";

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

/**
 * The `.output()` of a resumable subscription: a stream of `tracked(id, message)` whose every
 * message must satisfy `message`, so a subscription declares and checks its answer like any
 * other procedure.
 */
export function trackedStream<TMessage extends z.ZodType>(message: TMessage) {
  return z
    .custom<AsyncIterable<TrackedEnvelope<z.input<TMessage>>>>(isAsyncIterable, {
      error: "expected a stream of messages",
    })
    .transform(async function* (source): AsyncGenerator<TrackedEnvelope<z.output<TMessage>>, void, undefined> {
      for await (const envelope of source) {
        if (!isTrackedEnvelope(envelope))
          throw new TypeError("a resumable subscription sends every message with its id");
        const [id, data] = envelope;
        yield tracked(id, await message.parseAsync(data));
      }
    });
}
