import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

/** What one run of a tree's migrator printed, and which migrations it applied or reverted. */
export interface MigratorRun {
  lines: string[];
  /** Names from its `migrating up|down [k/n] <name>` lines, in order. */
  migrated: string[];
}

const MIGRATING = /^migrating (?:up|down) \[\d+\/\d+\] (\S+)$/;
// A migration waiting on a lock should fail the run, not hang it.
const DEFAULT_DEADLINE_MS = 300_000;

/**
 * Runs `tools/migrate/migrate.ts <args>` of the tree at `codeDir` (its own migrator and migration
 * list) as the schema owner at `ownerUrl`, passing each output line to `onProgress`; rejects with
 * the output when it exits with anything but 0.
 */
export async function runMigrator(options: {
  codeDir: string;
  ownerUrl: string;
  args: readonly string[];
  onProgress?: (line: string) => void;
  deadlineMs?: number;
}): Promise<MigratorRun> {
  const onProgress = options.onProgress ?? (() => {});
  const child = spawn(process.execPath, ["--import", "tsx", "tools/migrate/migrate.ts", ...options.args], {
    cwd: options.codeDir,
    env: { ...process.env, DATABASE_OWNER_URL: options.ownerUrl },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    killSignal: "SIGKILL",
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      onProgress(line);
    });
  }
  const [code, signal] = (await once(child, "close")) as [number | null, NodeJS.Signals | null];
  if (code !== 0) {
    const ending = signal ? `was stopped by ${signal}` : `exited with ${code}`;
    throw new Error(
      `migrate ${options.args.join(" ")} in ${options.codeDir} ${ending}:\n${lines.slice(-20).join("\n")}`,
    );
  }
  return { lines, migrated: lines.flatMap((line) => MIGRATING.exec(line)?.[1] ?? []) };
}
