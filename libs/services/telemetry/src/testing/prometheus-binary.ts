import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const INSTALL_SCRIPT = fileURLToPath(new URL("../../../../../tools/stack/prometheus.sh", import.meta.url));
const KEPT_LOG_CHARACTERS = 4_000;

/** A Prometheus server running as a child process on its own temporary storage. */
export interface RunningPrometheus {
  /** Its exit code once it has exited on its own, else null. */
  exitCode(): number | null;
  /** The end of what it has logged, to explain a failure. */
  log(): string;
  /** Stops it with SIGTERM, waits for it to exit and deletes its storage. */
  stop(): Promise<void>;
}

/** Installs Debian's prometheus package when missing (tools/stack/prometheus.sh) and returns the binary's path. */
export async function ensurePrometheusBinary(): Promise<string> {
  const child = spawn("bash", [INSTALL_SCRIPT], { stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  const binary = stdout.trim().split("\n").at(-1);
  if (code !== 0 || !binary) throw new Error(`${INSTALL_SCRIPT} exited with ${code}; see its output above`);
  return binary;
}

/**
 * Starts `binary` with `config` (a prometheus.yml document; JSON is valid YAML) and its web
 * server on an ephemeral loopback port; it never binds :9090.
 */
export async function startPrometheus(binary: string, config: object): Promise<RunningPrometheus> {
  const folder = await mkdtemp(join(tmpdir(), "cauldron-prometheus-"));
  const configFile = join(folder, "prometheus.yml");
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(folder, "data")}`,
      "--web.listen-address=127.0.0.1:0",
      // Pending samples get this long to reach the remote on shutdown (the default is a minute).
      "--storage.remote.flush-deadline=5s",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-KEPT_LOG_CHARACTERS)));
  const exited = once(child, "exit").catch((error: unknown) => (output += String(error)));
  return {
    exitCode: () => child.exitCode,
    log: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      await rm(folder, { recursive: true, force: true });
    },
  };
}
