import { LOCAL_SERVICE_URLS, SERVICE_NAMES, SERVICE_PORTS, type ServiceName } from "@cauldron/config";
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { formatLogLine } from "./format-log-line";

export interface ServiceProcess {
  name: ServiceName;
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const COLORS = [36, 35, 33, 32, 34, 31];

/**
 * Settings one service needs unlike the others, as compose and the chart give them: storage streams
 * large files, which outlast the platform's 30 s request timeout (STORAGE_HTTP_REQUEST_TIMEOUT_MS
 * overrides it, as in compose); telemetry scrapes every service's /metrics.
 */
function serviceEnvironment(name: ServiceName, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (name === "storage") return { ...env, HTTP_REQUEST_TIMEOUT_MS: env.STORAGE_HTTP_REQUEST_TIMEOUT_MS ?? "3600000" };
  if (name === "telemetry") {
    const targets = SERVICE_NAMES.map((service) => `${service}=${LOCAL_SERVICE_URLS[service]}`).join(",");
    return { ...env, TELEMETRY_SCRAPE_TARGETS: env.TELEMETRY_SCRAPE_TARGETS ?? targets };
  }
  return env;
}

/** Starts one service as a child process, prefixing each of its log lines with its name. */
export function spawnService(name: ServiceName, index: number, env: NodeJS.ProcessEnv): ServiceProcess {
  const port = SERVICE_PORTS[name];
  const child = spawn(process.execPath, ["--import", "tsx", `apps/${name}/src/main.ts`], {
    env: { ...serviceEnvironment(name, env), PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const label = `\u001b[${COLORS[index % COLORS.length]}m${name.padEnd(9)}\u001b[0m│ `;
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => process.stdout.write(`${label}${formatLogLine(line)}\n`));
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { name, url: `http://127.0.0.1:${port}`, child, exited };
}

/** Polls /readyz until it answers 200, the process dies, or the deadline passes. */
export async function waitUntilReady(service: ServiceProcess, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let exitCode: number | null | undefined;
  void service.exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${service.name} exited with code ${exitCode} while starting`);
    try {
      const response = await fetch(`${service.url}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} was not ready at ${service.url}/readyz within ${deadlineMs / 1000} s`);
}
