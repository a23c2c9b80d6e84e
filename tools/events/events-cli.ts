import { ConfigError, loadConfig, platformEnvSchema } from "@cauldron/config";
import { Redis } from "ioredis";
import { EVENTS_USAGE, EventsUsageError, parseEventsArguments } from "./events-arguments";
import { runEventsCommand } from "./events-command";

// `npm run events -- dead-letters [--group G] [--limit N] | replay <entry-id> | replay --all [--group G]`
// Exit codes: 0 done, 1 failed (Redis unreachable, no such dead letter), 2 bad command line or environment.
const args = process.argv.slice(2);
const fail = (message: string, code: number) => {
  process.stderr.write(`${message}\n`);
  process.exitCode = code;
};

if (args.length === 1 && (args[0] === "help" || args[0] === "--help")) {
  process.stdout.write(`${EVENTS_USAGE}\n`);
} else {
  try {
    const command = parseEventsArguments(args);
    const { REDIS_URL } = loadConfig(platformEnvSchema);
    // One try, no reconnection loop: an operator at a terminal wants the failure, not a hang.
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    let connectionError: Error | undefined;
    redis.on("error", (error: Error) => (connectionError = error));
    try {
      await redis.connect().catch((error: unknown) => {
        // The host only: the URL may carry a password.
        const reason = connectionError?.message ?? (error instanceof Error ? error.message : String(error));
        throw new Error(`cannot reach Redis at ${new URL(REDIS_URL).host}: ${reason}`, { cause: error });
      });
      await runEventsCommand(command, redis);
    } finally {
      redis.disconnect();
    }
  } catch (error) {
    if (error instanceof EventsUsageError || error instanceof ConfigError) fail(error.message, 2);
    else fail(error instanceof Error ? error.message : String(error), 1);
  }
}
