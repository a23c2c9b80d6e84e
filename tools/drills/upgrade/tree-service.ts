import type { ServiceName } from "@cauldron/config";
import { spawn } from "node:child_process";
import { waitUntilReady } from "../../start/service-processes";

/** One service process running the code of some tree (a previous release's, or the checkout's). */
export interface TreeService {
  url: string;
  /** What it printed lately, to say why it failed. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

const KEPT_LINES = 200;

/** Starts `apps/<service>/src/main.ts` of the tree at `codeDir` on `port` and waits until /readyz answers 200. */
export async function startServiceFromTree(options: {
  codeDir: string;
  service: ServiceName;
  port: number;
  env: Record<string, string>;
  readyWithinMs?: number;
}): Promise<TreeService> {
  const { codeDir, service, port } = options;
  const child = spawn(process.execPath, ["--import", "tsx", `apps/${service}/src/main.ts`], {
    cwd: codeDir,
    env: { ...process.env, ...options.env, HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk: Buffer) => {
      lines.push(...chunk.toString().trimEnd().split("\n"));
      lines.splice(0, Math.max(0, lines.length - KEPT_LINES));
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (graceMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    const code = await exited;
    clearTimeout(killer);
    return code;
  };
  try {
    await waitUntilReady({ name: service, url, child, exited }, options.readyWithinMs ?? 60_000);
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${lines.join("\n")}`, { cause: error });
  }
  return { url, output: () => lines.join("\n"), stop };
}
