import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parseAllDocuments } from "yaml";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const CHART_DIR = path.join(REPO_ROOT, "charts/cauldron");
const RENDERER = path.join(REPO_ROOT, ".data/bin/chart-render");

/** A rendered Kubernetes object, as parsed from the renderer's YAML stream. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface RenderOptions {
  /** Extra values files, relative to the chart directory or absolute, applied in order. */
  valuesFiles?: string[];
  /** --set overrides, "dotted.path=value". */
  set?: string[];
}

let built = false;

/** Builds the Go renderer (Go text/template + sprig, Helm's engine) once per process; apt-installs its toolchain if missing. */
export function buildRenderer(): void {
  if (built) return;
  console.info("[chart] building the chart renderer (tools/chart-render/build.sh)…");
  execFileSync("bash", [path.join(REPO_ROOT, "tools/chart-render/build.sh")], { stdio: "inherit" });
  built = true;
}

function rendererArgs(options: RenderOptions): string[] {
  const args = ["--chart", CHART_DIR];
  for (const file of options.valuesFiles ?? []) args.push("-f", path.resolve(CHART_DIR, file));
  for (const expr of options.set ?? []) args.push("--set", expr);
  return args;
}

/** Runs the renderer; returns its stdout, or throws with its stderr when rendering fails. */
function runRenderer(args: string[]): string {
  buildRenderer();
  const result = spawnSync(RENDERER, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`chart-render ${args.join(" ")} failed:\n${result.stderr}`);
  }
  return result.stdout;
}

/** Renders the chart like `helm template` and parses every document. */
export function renderChart(options: RenderOptions = {}): Manifest[] {
  const stream = runRenderer(rendererArgs(options));
  return parseAllDocuments(stream).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0]?.message}`);
    return doc.toJS() as Manifest;
  });
}

/** Renders the chart's NOTES.txt. */
export function renderNotes(options: RenderOptions = {}): string {
  return runRenderer([...rendererArgs(options), "--notes"]);
}

/** The coalesced values (chart defaults, then files, then --set) Helm would validate and render with. */
export function chartValues(options: RenderOptions = {}): unknown {
  return JSON.parse(runRenderer([...rendererArgs(options), "--print-values"])) as unknown;
}

/** The objects of one kind, by name. */
export function objectsOfKind(manifests: Manifest[], kind: string): Map<string, Manifest> {
  return new Map(manifests.filter((m) => m.kind === kind).map((m) => [m.metadata.name, m]));
}
