import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RENDERER = path.join(ROOT, ".data/bin/chart-render");
const FIXTURE = fileURLToPath(new URL("./testdata/semantics", import.meta.url));

interface Rendered {
  status: number | null;
  stdout: string;
  stderr: string;
}

function render(args: string[], chart = FIXTURE): Rendered {
  const result = spawnSync(RENDERER, ["--chart", chart, ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function configMapData(args: string[] = []): Record<string, string> {
  const result = render(args);
  expect(result.stderr).toBe("");
  const docs = parseAllDocuments(result.stdout).map((d) => d.toJS() as { data: Record<string, string> });
  expect(docs).toHaveLength(1);
  return docs[0]!.data;
}

function brokenChart(template: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "chart-render-"));
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(path.join(dir, "templates/broken.yaml"), template);
  return dir;
}

beforeAll(() => {
  console.info("[chart-render] building (tools/chart-render/build.sh)…");
  execFileSync("bash", [path.join(ROOT, "tools/chart-render/build.sh")], { stdio: "inherit" });
}, 600_000);

describe("chart-render, a `helm template` stand-in on Go text/template + sprig", () => {
  it("renders partials through include, strings through tpl, and Helm's built-in objects", () => {
    const data = configMapData(["--release-name", "demo"]);
    expect(data).toMatchObject({
      greeting: "hello",
      rendered: "hello from demo",
      chart: "semantics/1.2.3/9.9",
      kube: "v1.30.0",
      hasApps: "true",
      hasMonitoring: "false",
      template: "semantics/templates/configmap.yaml",
      roundTrip: "kept",
      missing: "",
    });
  });

  it("merges values like Helm: files in order, then --set, with null deleting a key", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "chart-render-values-"));
    const first = path.join(dir, "first.yaml");
    const second = path.join(dir, "second.yaml");
    writeFileSync(first, "greeting: hi\nextra: from-first\nnested:\n  added: yes\n");
    writeFileSync(second, "extra: from-second\nnested:\n  drop: null\n");
    const data = configMapData(["-f", first, "-f", second, "--set", "greeting=hey", "--set", "count=3"]);
    expect(data.greeting).toBe("hey");
    expect(data.extra).toBe("from-second");
    expect(data.nestedKeys).toBe("added,keep,list");
    expect(data.countType).toBe("int64");
  });

  it("prints the coalesced values as JSON for schema validation", () => {
    const values = JSON.parse(render(["--print-values", "--set", "nested.keep=null"]).stdout) as {
      nested: Record<string, unknown>;
    };
    expect(values.nested).toEqual({ drop: "dropped", list: ["a", "b"] });
  });

  it("skips documents that are empty or hold only comments", () => {
    const shown = render(["--set", "showEmpty=true"]);
    expect(parseAllDocuments(shown.stdout)).toHaveLength(2);
    expect(shown.stdout).toContain("# Source: semantics/templates/optional.yaml");
  });

  it("fails with the message of required", () => {
    const result = render(["--set", "greeting="]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("greeting is required");
  });

  it("fails naming the template when its output is not YAML", () => {
    const result = render([], brokenChart("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [\n"));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("YAML parse error on semantics/templates/broken.yaml");
  });

  it("fails when a document lacks the fields Kubernetes needs to identify it", () => {
    const result = render([], brokenChart("apiVersion: v1\nmetadata:\n  name: x\n"));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("lacks apiVersion, kind or metadata.name");
  });

  it("refuses a Kubernetes version outside the chart's kubeVersion", () => {
    const result = render(["--kube-version", "1.24.0"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("chart requires kubeVersion >=1.25.0-0");
  });

  it("renders NOTES.txt on request", () => {
    expect(render(["--notes", "--namespace", "prod"]).stdout).toBe("Release cauldron in prod.\n");
  });
});
