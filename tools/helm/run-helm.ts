import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { helmBinary } from "./layer-binaries";

const HELM_HOME = fileURLToPath(new URL("../../.data/helm/", import.meta.url));

/** How one Helm command ended. */
export interface HelmOutcome {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real Helm with `args` and collects its output. Helm's cache, config and data live
 * under .data/helm, so a developer's own repositories and plugins never change what it does.
 */
export async function runHelm(args: string[]): Promise<HelmOutcome> {
  const binary = await helmBinary();
  const child = spawn(binary, args, {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: HELM_HOME,
      HELM_CACHE_HOME: path.join(HELM_HOME, "cache"),
      HELM_CONFIG_HOME: path.join(HELM_HOME, "config"),
      HELM_DATA_HOME: path.join(HELM_HOME, "data"),
      KUBECONFIG: path.join(HELM_HOME, "no-cluster.kubeconfig"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const status = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  return { status, stdout, stderr };
}
