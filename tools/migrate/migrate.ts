import { loadConfig, toolingEnvSchema } from "@cauldron/config";
import { parseMigrateCommand, runMigrateCommand } from "./migrate-command";

// `npm run migrate -- up | down [--all|--steps N] | status`, as the schema owner (DATABASE_OWNER_URL).
try {
  const command = parseMigrateCommand(process.argv.slice(2));
  const { DATABASE_OWNER_URL } = loadConfig(toolingEnvSchema);
  await runMigrateCommand(command, DATABASE_OWNER_URL);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
