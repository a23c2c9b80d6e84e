import { parseArgs } from "node:util";
import { z } from "zod";

export const EVENTS_USAGE = [
  "usage: npm run events -- dead-letters [--group G] [--limit N]",
  "       npm run events -- replay <entry-id>",
  "       npm run events -- replay --all [--group G]",
  "options: --prefix P  the deployment's Redis key prefix (default cauldron:)",
  "Redis is REDIS_URL (default: the local stack's).",
].join("\n");

/** What `npm run events` was asked to do. */
export type EventsCommand = z.output<typeof commandSchema>;

/** A command line that asks for nothing this tool does; the CLI exits with 2. */
export class EventsUsageError extends Error {
  constructor(problem: string) {
    super(`${problem}\n${EVENTS_USAGE}`);
    this.name = "EventsUsageError";
  }
}

const prefix = z
  .string()
  .regex(/^[A-Za-z0-9_.:{}-]{1,100}$/, "must be a Redis key prefix such as cauldron:")
  .default("cauldron:");
const group = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/, "must be a consumer group name such as lore-extraction");
const commandSchema = z.discriminatedUnion("action", [
  z.strictObject({
    action: z.literal("dead-letters"),
    group: group.optional(),
    limit: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(10_000, "must be at most 10000")
      .default(50),
    prefix,
  }),
  z.strictObject({
    action: z.literal("replay"),
    entryId: z
      .string({ error: "is missing: name the dead letter to replay (or --all)" })
      .regex(/^\d{1,20}-\d{1,20}$/, "must be a dead-letter entry id such as 1733150000000-0 (see dead-letters)"),
    prefix,
  }),
  z.strictObject({ action: z.literal("replay-all"), group: group.optional(), prefix }),
]);

function readArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        group: { type: "string" },
        limit: { type: "string" },
        all: { type: "boolean" },
        prefix: { type: "string" },
      },
    });
  } catch (error) {
    throw new EventsUsageError(error instanceof Error ? error.message : String(error));
  }
}

function optionName(key: PropertyKey | undefined): string {
  return key === "entryId" ? "<entry-id>" : `--${String(key)}`;
}

/** Parses the command line (what follows `npm run events --`); throws EventsUsageError on anything else. */
export function parseEventsArguments(args: readonly string[]): EventsCommand {
  const { values, positionals } = readArgs(args);
  const [action, ...operands] = positionals;
  if (action !== "dead-letters" && action !== "replay") {
    throw new EventsUsageError(action ? `unknown command "${action}"` : "no command given");
  }
  const { all, ...options } = values;
  const command = action === "replay" && all ? "replay-all" : action;
  const expectedOperands = command === "replay" ? 1 : 0;
  if (operands.length > expectedOperands) {
    throw new EventsUsageError(`unexpected argument "${operands[expectedOperands]}"`);
  }
  const candidate = {
    action: command,
    ...options,
    ...(command === "replay" ? { entryId: operands[0] } : {}),
    ...(all && command !== "replay-all" ? { all } : {}),
  };
  const parsed = commandSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) =>
    issue.code === "unrecognized_keys"
      ? `${issue.keys.map((key) => `--${key}`).join(", ")} cannot be used with ${command === "replay-all" ? "replay --all" : command}`
      : `${optionName(issue.path[0])} ${issue.message}`,
  );
  throw new EventsUsageError(problems.join("\n"));
}
