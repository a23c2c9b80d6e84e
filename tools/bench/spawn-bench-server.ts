import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

/** Where bench servers write a V8 CPU profile when set (node refuses --cpu-prof in NODE_OPTIONS). */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR;

/**
 * Starts a bench server script in its own process and reads the URLs it prints on its first line.
 * With BENCH_CPU_PROFILE_DIR set, the server writes a CPU profile there when it stops.
 */
export async function spawnBenchServer<TUrls>(script: string): Promise<{ urls: TUrls; stop(): Promise<void> }> {
  const profiling = PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profiling, "--import", "tsx", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`${script} exited with code ${code} before it was ready`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    urls: JSON.parse(firstLine) as TUrls,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
