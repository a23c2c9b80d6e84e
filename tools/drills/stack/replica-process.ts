import type { ServiceName } from "@cauldron/config";
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ServiceProcess } from "../../start/service-processes";
import { REPO_ROOT } from "./stack-script";

/** One running replica of a service, its output going to its own log file. */
export interface ReplicaProcess extends ServiceProcess {
  logFile: string;
}

/** How a replica ended: its exit code (null when a signal ended it) and how long it took to stop. */
export interface ReplicaExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stoppedInMs: number;
}

/**
 * What a replica runs: a checkout's source through tsx (`source`: its root folder), or the bundles
 * the image runs (`bundles`: the output folder of tools/bundle, inside the repository so that they
 * resolve third-party packages from its node_modules), which start in a fraction of the time.
 */
export type ReplicaLaunch = { source: string } | { bundles: string };

function commandOf(service: ServiceName, launch: ReplicaLaunch): { args: string[]; cwd: string } {
  if ("bundles" in launch) return { args: [join(launch.bundles, service, "main.mjs")], cwd: REPO_ROOT };
  return { args: ["--import", "tsx", `apps/${service}/src/main.ts`], cwd: launch.source };
}

/** Starts one replica of `service` as a child process, appending its output to `logFile`. */
export function spawnReplica(
  service: ServiceName,
  port: number,
  env: NodeJS.ProcessEnv,
  logFile: string,
  launch: ReplicaLaunch = { source: REPO_ROOT },
) {
  const log = openSync(logFile, "a");
  const { args, cwd } = commandOf(service, launch);
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", log, log] });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const replica: ReplicaProcess = { name: service, url: `http://127.0.0.1:${port}`, child, exited, logFile };
  return replica;
}

/** Sends SIGTERM and waits for the exit; SIGKILL after `graceMs`, so nothing outlives a drill. */
export async function stopReplica(replica: ReplicaProcess, graceMs: number): Promise<ReplicaExit> {
  const started = Date.now();
  const { child } = replica;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await replica.exited;
    clearTimeout(killer);
  }
  return { code: child.exitCode, signal: child.signalCode, stoppedInMs: Date.now() - started };
}

/** The last lines of a replica's log, to say why it did not come up. */
export async function logTail(replica: ReplicaProcess, lines = 15): Promise<string> {
  const text = await readFile(replica.logFile, "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
