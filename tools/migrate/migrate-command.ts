import { createDatabase, migrateDown, migrateUp, migrationStatus } from "@cauldron/db";

export type MigrateCommand =
  | { action: "up" }
  | { action: "down"; all: true }
  | { action: "down"; all: false; steps: number }
  | { action: "status" };

export const MIGRATE_USAGE = "usage: npm run migrate -- up | down [--all | --steps N] | status";

/** Parses `up | down [--all|--steps N] | status`; throws with the usage line on anything else. */
export function parseMigrateCommand(args: readonly string[]): MigrateCommand {
  const [action, ...rest] = args;
  if ((action === "up" || action === "status") && rest.length === 0) return { action };
  if (action === "down") {
    if (rest.length === 0) return { action, all: false, steps: 1 };
    if (rest.length === 1 && rest[0] === "--all") return { action, all: true };
    const steps = Number(rest[1]);
    if (rest.length === 2 && rest[0] === "--steps" && Number.isInteger(steps) && steps > 0) {
      return { action, all: false, steps };
    }
  }
  throw new Error(`${MIGRATE_USAGE}\n(got: ${args.join(" ") || "nothing"})`);
}

/** Runs a migrate command against the database at `ownerUrl`, writing progress lines and a summary. */
export async function runMigrateCommand(
  command: MigrateCommand,
  ownerUrl: string,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  const db = createDatabase({ url: ownerUrl, poolMax: 1, applicationName: "cauldron-migrate" });
  const started = performance.now();
  const elapsed = () => `${Math.round(performance.now() - started)} ms`;
  try {
    if (command.action === "status") {
      const status = await migrationStatus(db);
      for (const migration of status) {
        write(
          `${migration.executedAt ? "applied" : "pending"}  ${migration.name}${migration.executedAt ? `  (${migration.executedAt.toISOString()})` : ""}`,
        );
      }
      const pending = status.filter((migration) => !migration.executedAt).length;
      write(`${status.length - pending} applied, ${pending} pending`);
    } else if (command.action === "up") {
      const applied = await migrateUp(db, { onProgress: (progress) => write(`migrating up ${progress.label}`) });
      write(
        applied.length === 0 ? "schema already up to date" : `applied ${applied.length} migration(s) in ${elapsed()}`,
      );
    } else {
      const options = command.all ? { all: true as const } : { steps: command.steps };
      const reverted = await migrateDown(db, {
        ...options,
        onProgress: (progress) => write(`migrating down ${progress.label}`),
      });
      write(reverted.length === 0 ? "nothing to revert" : `reverted ${reverted.length} migration(s) in ${elapsed()}`);
    }
  } finally {
    await db.destroy();
  }
}
