import {
  eventKeys,
  listDeadLetters,
  replayDeadLetter,
  replayDeadLetters,
  type DeadLetter,
  type ReplayedDeadLetter,
} from "@cauldron/events";
import type { Redis } from "ioredis";
import type { EventsCommand } from "./events-arguments";
import { deadLetterTable, replayTable } from "./dead-letter-table";

/** What a command found or did, beside the lines it wrote. */
export interface EventsCommandResult {
  listed: DeadLetter[];
  replayed: ReplayedDeadLetter[];
}

/** A dead letter named for a replay that is not there; the CLI exits with 1. */
export class DeadLetterNotFoundError extends Error {
  constructor(entryId: string) {
    super(`no dead letter ${entryId} (already replayed?); list them with: npm run events -- dead-letters`);
    this.name = "DeadLetterNotFoundError";
  }
}

/** Runs one `npm run events` command against `redis`, writing a table of what it listed or queued. */
export async function runEventsCommand(
  command: EventsCommand,
  redis: Redis,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<EventsCommandResult> {
  const { deadLetter: deadLetterKey } = eventKeys(command.prefix);
  if (command.action === "dead-letters") {
    const { total, deadLetters } = await listDeadLetters(redis, deadLetterKey, command);
    if (deadLetters.length === 0) {
      write(command.group ? `no dead letters of ${command.group} (${total} in all)` : "no dead letters");
    } else {
      for (const line of deadLetterTable(deadLetters)) write(line);
      write(`${deadLetters.length} shown${command.group ? ` of ${command.group}` : ""}, ${total} dead letters in all`);
    }
    return { listed: deadLetters, replayed: [] };
  }
  const replayOptions = { redis, deadLetterKey };
  let replayed: ReplayedDeadLetter[];
  if (command.action === "replay") {
    const one = await replayDeadLetter(replayOptions, command.entryId);
    if (!one) throw new DeadLetterNotFoundError(command.entryId);
    replayed = [one];
  } else {
    replayed = await replayDeadLetters(replayOptions, { group: command.group });
  }
  if (replayed.length === 0) {
    write(`nothing to replay${command.action === "replay-all" && command.group ? ` for ${command.group}` : ""}`);
  } else {
    for (const line of replayTable(replayed)) write(line);
    write(`queued ${replayed.length} event(s) again, each for the one group that failed it`);
  }
  return { listed: [], replayed };
}
