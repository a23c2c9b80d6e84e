import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

function run(command: string, args: string[], progress: (text: string) => void): Promise<void> {
  progress(`running: ${command} ${args.join(" ")}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output.trim().slice(-2_000)}`)),
    );
  });
}

/**
 * Installs a Debian package when `probeFile` (one of its files) is missing, saying what it runs;
 * without root it fails with the command to run instead.
 */
export async function ensureDebianPackage(
  name: string,
  probeFile: string,
  progress: (text: string) => void,
): Promise<void> {
  if (existsSync(probeFile)) return;
  const install = ["install", "-y", "-q", "--no-install-recommends", name];
  if (process.getuid?.() !== 0) throw new Error(`${probeFile} is missing; run: sudo apt-get ${install.join(" ")}`);
  progress(`${probeFile} is missing; installing the Debian package ${name}`);
  try {
    await run("apt-get", install, progress);
  } catch {
    progress("the package lists do not know it yet; updating them first");
    await run("apt-get", ["update", "-q"], progress);
    await run("apt-get", install, progress);
  }
}
