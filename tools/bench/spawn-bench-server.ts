import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

/** Starts a bench server script in its own process and reads the URLs it prints on its first line. */
export async function spawnBenchServer<TUrls>(script: string): Promise<{ urls: TUrls; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script], {
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
