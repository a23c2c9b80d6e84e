import { mkdir, readdir, readFile, symlink } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { z } from "zod";

const rootManifestSchema = z.object({ workspaces: z.array(z.string().min(1)).default([]) });
const packageManifestSchema = z.object({ name: z.string().min(1) });

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, "utf8")) as unknown;
}

/** Each workspace package a tree's root package.json declares: its name and its folder in the tree. */
export async function readWorkspaces(treeDir: string): Promise<Map<string, string>> {
  const { workspaces } = rootManifestSchema.parse(await readJson(join(treeDir, "package.json")));
  const entries = await Promise.all(
    workspaces.map(async (folder) => {
      const { name } = packageManifestSchema.parse(await readJson(join(treeDir, folder, "package.json")));
      return [name, folder] as const;
    }),
  );
  return new Map(entries);
}

/**
 * Gives `treeDir` a node_modules without installing anything: each third-party entry is a link to
 * the checkout's, and each workspace package a link to the tree's own folder of it. Node follows
 * a link to its real path and resolves further imports from there, so the tree's code imports the
 * tree's workspace packages only, and a package the checkout added later is not there at all.
 */
export async function linkNodeModules(options: {
  checkoutRoot: string;
  treeDir: string;
}): Promise<{ thirdParty: number; workspaces: Map<string, string> }> {
  const { checkoutRoot, treeDir } = options;
  const own = await readWorkspaces(treeDir);
  const workspaceNames = new Set([...own.keys(), ...(await readWorkspaces(checkoutRoot)).keys()]);
  const scopesHoldingWorkspaces = new Set([...workspaceNames].filter((name) => name.startsWith("@")).map(scopeOf));
  const installed = join(checkoutRoot, "node_modules");
  const target = join(treeDir, "node_modules");
  await mkdir(target, { recursive: true });
  let thirdParty = 0;
  const link = async (name: string) => {
    if (workspaceNames.has(name)) return;
    await symlink(join(installed, name), join(target, name));
    thirdParty += 1;
  };
  for (const entry of await readdir(installed)) {
    if (!scopesHoldingWorkspaces.has(entry)) {
      await link(entry);
      continue;
    }
    await mkdir(join(target, entry));
    for (const inner of await readdir(join(installed, entry))) await link(`${entry}/${inner}`);
  }
  for (const [name, folder] of own) {
    const at = join(target, name);
    await mkdir(dirname(at), { recursive: true });
    await symlink(relative(dirname(at), join(treeDir, folder)), at, "dir");
  }
  return { thirdParty, workspaces: own };
}

function scopeOf(name: string): string {
  return name.split("/")[0]!;
}
