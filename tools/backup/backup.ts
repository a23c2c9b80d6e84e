import { parseBackupArgs, stackLocationFrom } from "./command-line";
import { createBackup } from "./create-backup";

// `npm run backup -- --out <dir>`: the database of DATABASE_OWNER_URL (read as DATABASE_ADMIN_URL's
// role) and the object bytes under STORAGE_DATA_DIR, into a new folder.
try {
  const args = parseBackupArgs(process.argv.slice(2));
  const stack = stackLocationFrom();
  const summary = await createBackup({
    ...stack,
    outDir: args.out,
    lockTimeoutMs: args["lock-timeout-ms"],
    onProgress: (line) => process.stdout.write(`${line}\n`),
  });
  if (summary.rowsWithoutBytes.missing > 0) {
    process.stderr.write(
      `${summary.rowsWithoutBytes.missing} object rows had no bytes in the store already (first: ${summary.rowsWithoutBytes.examples.join(", ")})\n`,
    );
    process.exitCode = 3;
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
