import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, readdir, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { linkNodeModules } from "./linked-node-modules";
import { lockfileDrift } from "./lockfile-drift";
import { findPreviousRelease, type PreviousReleaseCommit } from "./release-history";

/** The previous release's code, runnable beside the checkout. */
export interface PreviousRelease extends PreviousReleaseCommit {
  /** Its tree, with a node_modules of links: run its entry points with this as the working directory. */
  codeDir: string;
  /** What may make it run unlike it did as a release (other third-party versions, edited migrations). */
  warnings: string[];
  /** Deletes the tree. */
  dispose(): Promise<void>;
}

const optionsSchema = z.object({
  repoRoot: z.string().min(1),
  dir: z.string().min(1),
  from: z.string().min(1).optional(),
});

/**
 * Finds the release before this checkout (see findPreviousRelease; `from` names it), writes its tree to `dir`
 * (missing or empty) and links it a node_modules; throws PreviousReleaseUnavailable when git
 * cannot tell which release that is.
 */
export async function preparePreviousRelease(options: {
  repoRoot: string;
  dir: string;
  from?: string;
  onProgress?: (line: string) => void;
}): Promise<PreviousRelease> {
  const { repoRoot, dir, from } = optionsSchema.parse(options);
  const onProgress = options.onProgress ?? (() => {});
  const commit = await findPreviousRelease(repoRoot, from);
  onProgress(
    `previous release: ${commit.summary} (${commit.oldMigrations.length} migrations, this checkout ${commit.newMigrations.length})`,
  );
  const codeDir = resolve(dir);
  await mkdir(codeDir, { recursive: true });
  if ((await readdir(codeDir)).length > 0) throw new Error(`${codeDir} is not empty; give a new folder`);
  const dispose = () => rm(codeDir, { recursive: true, force: true });
  try {
    await extractTree(repoRoot, commit.ref, codeDir);
    const { thirdParty, workspaces } = await linkNodeModules({ checkoutRoot: repoRoot, treeDir: codeDir });
    onProgress(
      `its tree is at ${codeDir}: ${workspaces.size} workspace packages of its own, ${thirdParty} third-party entries linked from the checkout`,
    );
    const warnings = [
      ...(await lockfileDrift(codeDir, repoRoot)).map((drift) => `it runs with another locked version: ${drift}`),
      ...commit.editedMigrationFiles.map((file) => `a migration file it shipped differs in this checkout: ${file}`),
    ];
    for (const warning of warnings) onProgress(`warning: ${warning}`);
    return { ...commit, codeDir, warnings, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** `git archive <ref> | tar -x`: the commit's files only, leaving the repository's state untouched. */
async function extractTree(repoRoot: string, ref: string, codeDir: string): Promise<void> {
  const archive = spawn("git", ["archive", "--format=tar", ref], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  const extract = spawn("tar", ["-x", "-C", codeDir], { stdio: ["pipe", "ignore", "pipe"] });
  archive.stdout.pipe(extract.stdin);
  let errors = "";
  for (const child of [archive, extract]) child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const [[archiveCode], [extractCode]] = await Promise.all([once(archive, "close"), once(extract, "close")]);
  if (archiveCode !== 0 || extractCode !== 0) {
    throw new Error(`could not extract ${ref} (git archive ${archiveCode}, tar ${extractCode}): ${errors.trim()}`);
  }
}
