import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

/** The checkout's root folder, where `.data/` and `tools/stack/stack.sh` live. */
export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

const STACK_SCRIPT = fileURLToPath(new URL("../../stack/stack.sh", import.meta.url));
const KEPT_ERROR_LINES = 20;

/**
 * Runs `tools/stack/stack.sh <args>` with `env` on top of this process's environment, passing each
 * output line to `onProgress`; rejects with the script's last error lines when it fails.
 */
export function runStackScript(
  args: readonly string[],
  env: Record<string, string>,
  onProgress: (line: string) => void,
): Promise<void> {
  const child = spawn("bash", [STACK_SCRIPT, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const errorLines: string[] = [];
  createInterface({ input: child.stdout }).on("line", onProgress);
  createInterface({ input: child.stderr }).on("line", (line) => {
    onProgress(line);
    errorLines.push(line);
    if (errorLines.length > KEPT_ERROR_LINES) errorLines.shift();
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) return resolve();
      const how = signal === null ? `exit ${code}` : `signal ${signal}`;
      reject(new Error(`stack.sh ${args.join(" ")} failed (${how}):\n${errorLines.join("\n")}`));
    });
  });
}
