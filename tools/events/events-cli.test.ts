import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { configuredRedisUrl } from "@cauldron/config";
import { createTestRedisPrefix } from "@cauldron/testing";
import { describe, expect, it } from "vitest";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
// A fresh process loads the platform's modules before it runs, slow on a machine busy with other test files.
const CLI_TIMEOUT_MS = 90_000;

/** Runs `npm run events -- <args>` the way the script does, and reports how it ended. */
function runCli(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "tools/events/events-cli.ts", ...args],
      { cwd: repositoryRoot, env: { ...process.env, REDIS_URL: configuredRedisUrl() }, timeout: CLI_TIMEOUT_MS },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("events command", () => {
  it.concurrent(
    "exits with 2 and the usage when the command line is wrong",
    async () => {
      const { code, stdout, stderr } = await runCli(["replay", "yesterday"]);

      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(/<entry-id> must be a dead-letter entry id/);
      expect(stderr).toContain("usage: npm run events -- dead-letters");
    },
    CLI_TIMEOUT_MS,
  );

  it.concurrent(
    "lists a deployment without dead letters and exits with 0",
    async () => {
      const { code, stdout } = await runCli(["dead-letters", "--prefix", createTestRedisPrefix()]);

      expect(code).toBe(0);
      expect(stdout).toBe("no dead letters\n");
    },
    CLI_TIMEOUT_MS,
  );
});
