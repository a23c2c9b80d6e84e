import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { promisify } from "node:util";
import {
  isStrictPrefix,
  migrationNumber,
  MIGRATION_LIST_FILES,
  MIGRATIONS_FOLDER,
  MIGRATIONS_INDEX,
  readMigrationNames,
} from "./migration-list";

const execFileAsync = promisify(execFile);

/** Why no previous release can be found here (a shallow clone, no earlier migration); the drill is skipped. */
export class PreviousReleaseUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "PreviousReleaseUnavailable";
  }
}

/** The release this checkout upgrades from, as git knows it. */
export interface PreviousReleaseCommit {
  /** Full commit id. */
  ref: string;
  /** Short id and subject, for a reader. */
  summary: string;
  oldMigrations: string[];
  newMigrations: string[];
  /** Files of migrations both releases declare that differ between them: a shipped migration was edited. */
  editedMigrationFiles: string[];
}

async function git(repoRoot: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync("git", args, { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function assertFullHistory(repoRoot: string): Promise<void> {
  let shallow: string;
  try {
    shallow = await git(repoRoot, ["rev-parse", "--is-shallow-repository"]);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new PreviousReleaseUnavailable(`no git history at ${repoRoot} (${reason})`);
  }
  if (shallow.trim() === "true") {
    throw new PreviousReleaseUnavailable(
      "the clone is shallow, so the previous release's code is not here: fetch the full history (git fetch --unshallow)",
    );
  }
}

/**
 * The release to upgrade from: the newest commit that added a migration and whose migration list
 * is a strict prefix of the checkout's (HEAD itself when the working tree adds migrations). A
 * commit that adds a migration completes a release's schema; the commits between two of them may
 * be work in progress that does not run on its own. `from` names the release instead (a commit or
 * tag, such as the one running in production); its list must still be a strict prefix.
 */
export async function findPreviousRelease(repoRoot: string, from?: string): Promise<PreviousReleaseCommit> {
  await assertFullHistory(repoRoot);
  const newMigrations = await readMigrationNames((file) =>
    readFile(join(repoRoot, file), "utf8").catch(() => undefined),
  );
  const touching = await git(repoRoot, ["log", "--first-parent", "--format=%H", "HEAD", "--", ...MIGRATION_LIST_FILES]);
  const candidates = from ? [from] : ["HEAD", ...touching.split("\n").filter(Boolean)];
  for (const candidate of candidates) {
    // A root commit has no parent, and early commits have no index: neither is a release to upgrade from.
    const oldMigrations = await readMigrationNames((file) =>
      git(repoRoot, ["show", `${candidate}:${file}`]).catch(() => undefined),
    );
    if (oldMigrations.length === 0) continue;
    if (!isStrictPrefix(oldMigrations, newMigrations)) continue;
    const ref = (await git(repoRoot, ["rev-parse", "--verify", `${candidate}^{commit}`])).trim();
    return {
      ref,
      summary: (await git(repoRoot, ["log", "-1", "--format=%h %s", ref])).trim(),
      oldMigrations,
      newMigrations,
      editedMigrationFiles: await editedMigrationFiles(repoRoot, ref, oldMigrations),
    };
  }
  throw new PreviousReleaseUnavailable(
    from
      ? `${from} does not declare a migration list that is a strict prefix of this checkout's ${newMigrations.length} migrations`
      : `no commit before this checkout declares a migration list that is a strict prefix of its ${newMigrations.length} migrations`,
  );
}

async function editedMigrationFiles(repoRoot: string, ref: string, oldMigrations: string[]): Promise<string[]> {
  const shipped = new Set(oldMigrations.map(migrationNumber));
  const changed = await git(repoRoot, ["diff", "--name-only", ref, "--", MIGRATIONS_FOLDER]);
  return changed
    .split("\n")
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== MIGRATIONS_INDEX)
    .filter((file) => {
      // Unnumbered folders (core/, lore/, …) hold helpers that shipped migrations call.
      const number = migrationNumber(posix.relative(MIGRATIONS_FOLDER, file));
      return number === undefined || shipped.has(number);
    });
}
