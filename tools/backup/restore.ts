import { parseRestoreArgs, stackLocationFrom } from "./command-line";
import { RestoreRefusedError, restoreBackup } from "./restore-backup";

// `npm run restore -- --from <dir> [--force]`: replaces the database of DATABASE_OWNER_URL (as
// DATABASE_ADMIN_URL's role) and fills STORAGE_DATA_DIR from a backup folder. Stop the services first.
try {
  const args = parseRestoreArgs(process.argv.slice(2));
  const stack = stackLocationFrom();
  const summary = await restoreBackup({
    ...stack,
    fromDir: args.from,
    force: args.force,
    jobs: args.jobs,
    onProgress: (line) => process.stdout.write(`${line}\n`),
  });
  if (summary.rowsWithoutBytes.missing > 0) {
    process.stderr.write(
      `${summary.rowsWithoutBytes.missing} restored object rows lack their bytes (first: ${summary.rowsWithoutBytes.examples.join(", ")})\n`,
    );
    process.exitCode = 3;
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof RestoreRefusedError ? 2 : 1;
}
