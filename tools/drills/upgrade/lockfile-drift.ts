import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

const lockfileSchema = z.object({
  packages: z.record(z.string(), z.object({ version: z.string().optional(), link: z.boolean().optional() }).loose()),
});

async function thirdPartyVersions(treeDir: string): Promise<Map<string, string>> {
  const { packages } = lockfileSchema.parse(JSON.parse(await readFile(join(treeDir, "package-lock.json"), "utf8")));
  const versions = new Map<string, string>();
  for (const [path, entry] of Object.entries(packages)) {
    if (!path.includes("node_modules/") || entry.link || entry.version === undefined) continue;
    versions.set(path.replace(/^node_modules\//, ""), entry.version);
  }
  return versions;
}

/**
 * Third-party packages whose locked version differs between an older tree and the checkout, as
 * `name old → new` (or `→ absent`). The older tree runs with the checkout's packages, so each line
 * is a way its run may differ from how that release ran.
 */
export async function lockfileDrift(olderTreeDir: string, checkoutRoot: string): Promise<string[]> {
  const [older, current] = await Promise.all([thirdPartyVersions(olderTreeDir), thirdPartyVersions(checkoutRoot)]);
  return [...older]
    .filter(([name, version]) => current.get(name) !== version)
    .map(([name, version]) => `${name} ${version} → ${current.get(name) ?? "absent"}`)
    .sort();
}
