import type { Redis } from "ioredis";
import { readDeadLetter, readDeadLetters, type DeadLetter } from "./dead-letters";
import { replayStreamKey } from "./replay-stream-key";
import type { StreamId } from "./stream-position";

export interface DeadLetterReplayOptions {
  redis: Redis;
  deadLetterKey: string;
  /** Approximate cap of each replay stream; entries trimmed unread are acknowledged and logged by the consumer. */
  replayMaxLength?: number;
}

/** A dead letter queued again: where, and under which entry id, its group will read it. */
export interface ReplayedDeadLetter extends DeadLetter {
  replayStream: string;
  replayEntryId: StreamId;
}

// One script, so the entry leaves the dead letters only if it was queued again, and two replays of
// the same dead letter queue it once: the second finds it gone. The group's consumer reads the
// copy as a fresh delivery, with its retries and its way back to the dead letters if it fails again.
const REQUEUE = `
local found = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
if #found == 0 then return false end
local flat = found[1][2]
local fields = {}
for index = 1, #flat, 2 do fields[flat[index]] = flat[index + 1] end
local queued = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*',
  'id', fields['id'] or '', 'type', fields['type'] or '', 'data', fields['data'] or '',
  'replayOf', ARGV[1], 'replayedAt', ARGV[3])
redis.call('XDEL', KEYS[1], ARGV[1])
return queued
`;

const DEFAULT_REPLAY_MAX_LENGTH = 100_000;

async function requeue(
  options: DeadLetterReplayOptions,
  deadLetter: DeadLetter,
): Promise<ReplayedDeadLetter | undefined> {
  if (deadLetter.group === "" || deadLetter.stream === "") {
    throw new Error(`dead letter ${deadLetter.deadLetterId} names no consumer group or stream; it cannot be replayed`);
  }
  const replayStream = replayStreamKey(deadLetter.stream, deadLetter.group);
  const queued = await options.redis.eval(
    REQUEUE,
    2,
    options.deadLetterKey,
    replayStream,
    deadLetter.deadLetterId,
    options.replayMaxLength ?? DEFAULT_REPLAY_MAX_LENGTH,
    new Date().toISOString(),
  );
  return typeof queued === "string" ? { ...deadLetter, replayStream, replayEntryId: queued } : undefined;
}

/**
 * Queues one dead letter again for the consumer group that failed it, and only that group, and
 * removes it from the dead letters in the same step; undefined when there is no such dead letter
 * (never was, or already replayed).
 */
export async function replayDeadLetter(
  options: DeadLetterReplayOptions,
  deadLetterId: StreamId,
): Promise<ReplayedDeadLetter | undefined> {
  const deadLetter = await readDeadLetter(options.redis, options.deadLetterKey, deadLetterId);
  return deadLetter ? requeue(options, deadLetter) : undefined;
}

/**
 * Replays every dead letter (of one group, when given) that is there when the call starts; events
 * that fail again meanwhile come back as new dead letters and are left for the next replay.
 */
export async function replayDeadLetters(
  options: DeadLetterReplayOptions,
  filter: { group?: string } = {},
): Promise<ReplayedDeadLetter[]> {
  const [newest] = await options.redis.xrevrange(options.deadLetterKey, "+", "-", "COUNT", 1);
  if (!newest) return [];
  const replayed: ReplayedDeadLetter[] = [];
  for await (const deadLetter of readDeadLetters(options.redis, options.deadLetterKey, {
    group: filter.group,
    until: newest[0],
  })) {
    const queued = await requeue(options, deadLetter);
    if (queued) replayed.push(queued);
  }
  return replayed;
}
