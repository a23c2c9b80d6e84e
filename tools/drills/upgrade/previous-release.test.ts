import { MIGRATIONS } from "@cauldron/db";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, realpath } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { isStrictPrefix, MIGRATION_LIST_FILES, readMigrationNames } from "./migration-list";
import { preparePreviousRelease, type PreviousRelease } from "./previous-release";
import { findPreviousRelease, PreviousReleaseUnavailable } from "./release-history";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const execFileAsync = promisify(execFile);
const git = async (...args: string[]) => (await execFileAsync("git", args, { cwd: REPO_ROOT })).stdout;

let release: PreviousRelease | undefined;
let unavailable = "";

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "cauldron-previous-release-"));
  try {
    release = await preparePreviousRelease({ repoRoot: REPO_ROOT, dir, onProgress: (line) => console.info(line) });
  } catch (error) {
    if (!(error instanceof PreviousReleaseUnavailable)) throw error;
    unavailable = error.message;
  }
});

afterAll(async () => {
  await release?.dispose();
});

/** The prepared release, or the test is skipped with the reason git gave (a shallow clone, say). */
function preparedOrSkip(context: TestContext): PreviousRelease {
  if (!release) context.skip(unavailable);
  return release;
}

describe("preparePreviousRelease", () => {
  it("picks the newest earlier commit whose migrations are a strict prefix of this checkout's", async (context) => {
    const { ref, oldMigrations, newMigrations } = preparedOrSkip(context);
    expect(newMigrations).toEqual(Object.keys(MIGRATIONS));
    expect(isStrictPrefix(oldMigrations, newMigrations)).toBe(true);
    await expect(git("merge-base", "--is-ancestor", ref, "HEAD")).resolves.toBe("");
    const later = (await git("log", "--format=%H", `${ref}..HEAD`, "--", ...MIGRATION_LIST_FILES))
      .split("\n")
      .filter(Boolean);
    for (const commit of later) {
      const list = await readMigrationNames((file) => git("show", `${commit}:${file}`).catch(() => undefined));
      expect(isStrictPrefix(list, newMigrations), `${commit} is a newer candidate`).toBe(false);
    }
  });

  it("resolves the tree's workspace packages to its own folders and third-party ones to the checkout's", async (context) => {
    const { codeDir } = preparedOrSkip(context);
    const fromOrgService = createRequire(join(codeDir, "libs/services/org/src/index.ts"));
    for (const name of ["@cauldron/db", "@cauldron/rpc", "@cauldron/contracts", "@cauldron/service-org"]) {
      expect(fromOrgService.resolve(name).startsWith(`${await realpath(codeDir)}/`), name).toBe(true);
    }
    expect(fromOrgService.resolve("kysely").startsWith(`${await realpath(join(REPO_ROOT, "node_modules"))}/`)).toBe(
      true,
    );
  });

  it("runs its own migration list under tsx, without the checkout's newer migrations", async (context) => {
    const { codeDir, oldMigrations } = preparedOrSkip(context);
    const script =
      "const { MIGRATIONS } = await import('@cauldron/db'); console.log(JSON.stringify(Object.keys(MIGRATIONS)));";
    const { stdout } = await execFileAsync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: codeDir,
    });
    expect(JSON.parse(stdout)).toEqual(oldMigrations);
  });

  it("deletes its tree on dispose", async (context) => {
    const prepared = preparedOrSkip(context);
    await prepared.dispose();
    expect(existsSync(prepared.codeDir)).toBe(false);
  });
});

describe("findPreviousRelease with a release named", () => {
  it("upgrades from the commit named, and refuses one that declares no earlier migration list", async (context) => {
    const found = preparedOrSkip(context);
    const named = await findPreviousRelease(REPO_ROOT, found.ref.slice(0, 12));
    expect(named.ref).toBe(found.ref);
    expect(named.oldMigrations).toEqual(found.oldMigrations);
    const root = (await git("rev-list", "--max-parents=0", "HEAD")).split("\n")[0]!;
    await expect(findPreviousRelease(REPO_ROOT, root)).rejects.toThrow(
      /does not declare a migration list that is a strict prefix/,
    );
  });
});
