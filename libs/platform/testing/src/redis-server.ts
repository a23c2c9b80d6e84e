import { spawn } from "node:child_process";
import { once } from "node:events";
import { freePort } from "./free-port";

/** A Redis of a test's own on a loopback port: nothing else reads its streams or counts its keys. */
export interface RedisServer {
  url: string;
  port: number;
  /** SIGTERM and wait (a clean stop). */
  stop(): Promise<void>;
  /** SIGKILL and wait: the outage a test rides out (start another on the same port to end it). */
  kill(): Promise<void>;
}

/** Starts redis-server without persistence (on `port`, or a free one) and waits until it accepts connections. */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  const chosen = port ?? (await freePort());
  const child = spawn(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", String(chosen), "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = once(child, "exit");
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };
  return { url: `redis://127.0.0.1:${chosen}`, port: chosen, stop: () => end("SIGTERM"), kill: () => end("SIGKILL") };
}
