import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { libpqConnection, type DatabaseLocation } from "./database-location";

/** Debian's PostgreSQL 15 client programs; the dump format follows the client's version. */
export const DEFAULT_POSTGRES_BIN_DIR = "/usr/lib/postgresql/15/bin";

const KEPT_ERROR_LINES = 40;

export interface PostgresToolRun {
  tool: "pg_dump" | "pg_restore";
  args: string[];
  /** Where to connect; left out for work on a file alone (pg_restore --list). */
  location?: DatabaseLocation;
  binDir?: string;
  /** Each line the tool writes to stderr (its --verbose progress, warnings and errors). */
  onLine?: (line: string) => void;
}

/**
 * Runs pg_dump or pg_restore against the location (connection details in the environment, the
 * password never on the command line); resolves with its stdout, or rejects with the last lines
 * it wrote to stderr.
 */
export async function runPostgresTool(run: PostgresToolRun): Promise<string> {
  const { dbname, env } = run.location ? libpqConnection(run.location) : { dbname: undefined, env: {} };
  const args = dbname === undefined ? run.args : [...run.args, `--dbname=${dbname}`];
  const child = spawn(join(run.binDir ?? DEFAULT_POSTGRES_BIN_DIR, run.tool), args, {
    env: { ...process.env, ...env, PGAPPNAME: `cauldron-${run.tool}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  const lastLines: string[] = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  createInterface({ input: child.stderr }).on("line", (line) => {
    lastLines.push(line);
    if (lastLines.length > KEPT_ERROR_LINES) lastLines.shift();
    run.onLine?.(line);
  });
  const status = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  if (status !== 0) {
    const errors = lastLines.filter((line) => !/: (processing|creating|dumping|reading|saving|executing)\b/.test(line));
    throw new Error(`${run.tool} exited with ${status}:\n${errors.join("\n")}`);
  }
  return stdout;
}
