import { fileURLToPath } from "node:url";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { z } from "zod";
import { runHelm, type HelmOutcome } from "../../../tools/helm/run-helm";

export const CHART_DIR = fileURLToPath(new URL("../", import.meta.url));
const RELEASE = "cauldron";

/** A rendered Kubernetes object, as parsed from Helm's YAML stream. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** The values a command renders the chart with, besides the chart's own values.yaml. */
export interface RenderOptions {
  /** Values files, relative to the chart directory or absolute, applied in order. */
  valuesFiles?: string[];
  /** --set overrides, "dotted.path=value", applied after the files. */
  set?: string[];
}

function valuesArgs(options: RenderOptions): string[] {
  return [
    ...(options.valuesFiles ?? []).flatMap((file) => ["-f", path.resolve(CHART_DIR, file)]),
    ...(options.set ?? []).flatMap((expression) => ["--set", expression]),
  ];
}

function parseManifests(stream: string): Manifest[] {
  return parseAllDocuments(stream)
    .filter((doc) => doc.contents !== null)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0]?.message}`);
      return doc.toJS() as Manifest;
    });
}

/** `helm template` of the chart, hooks and test Pods included; rejects with Helm's error when it refuses. */
export async function renderChart(options: RenderOptions = {}): Promise<Manifest[]> {
  const outcome = await runHelm(["template", RELEASE, CHART_DIR, ...valuesArgs(options)]);
  if (outcome.status !== 0) throw new Error(`helm template failed:\n${outcome.stderr}`);
  return parseManifests(outcome.stdout);
}

/** What Helm says when `helm template` refuses these values; throws when it renders them. */
export async function renderingError(options: RenderOptions): Promise<string> {
  const outcome = await runHelm(["template", RELEASE, CHART_DIR, ...valuesArgs(options)]);
  if (outcome.status === 0) throw new Error(`helm template rendered with ${JSON.stringify(options)}`);
  return outcome.stderr;
}

/** `helm lint --strict` of the chart with these values (values.schema.json included). */
export function lintChart(options: RenderOptions = {}): Promise<HelmOutcome> {
  return runHelm(["lint", "--strict", CHART_DIR, ...valuesArgs(options)]);
}

const dryRunRelease = z.object({ info: z.object({ notes: z.string() }) });

/** NOTES.txt as `helm install` prints it, from a dry run that never contacts a cluster. */
export async function renderNotes(options: RenderOptions = {}): Promise<string> {
  const args = ["install", RELEASE, CHART_DIR, "--dry-run=client", "--output", "json", ...valuesArgs(options)];
  const outcome = await runHelm(args);
  if (outcome.status !== 0) throw new Error(`helm install --dry-run=client failed:\n${outcome.stderr}`);
  return dryRunRelease.parse(JSON.parse(outcome.stdout)).info.notes;
}
