/**
 * Bundles what the container image runs: each service's entry (apps/<service>/src/main.ts) into
 * dist/<service>/main.mjs, and the migration runner (tools/migrate/migrate.ts) into dist/migrate.mjs.
 *
 *   npx tsx tools/bundle/bundle.ts                 # every service and migrate
 *   npx tsx tools/bundle/bundle.ts auth lore       # some of them
 *   npx tsx tools/bundle/bundle.ts --outdir /tmp/x # elsewhere
 *
 * What goes into a bundle: our own workspace packages (@cauldron/*), which export TypeScript
 * source that Node cannot run. What stays out: every third-party package, which the image installs
 * from package-lock.json with `npm ci --omit=dev`. So the lockfile alone decides which dependency
 * versions run in production; native modules (@node-rs/argon2 picks its prebuilt binary at install
 * time) and packages that load files or worker threads at run time (pino transports, embedding
 * model data) keep working unmodified; and no CommonJS is bundled into ESM, so no createRequire shim
 * is needed. The price is a larger image than a bundle-everything build, paid once per layer.
 * Every external import must be a production dependency, or the image would fail at run time:
 * this script checks that and refuses otherwise.
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SERVICE_NAMES } from "@cauldron/config";
import { build, type Metafile, type Plugin } from "esbuild";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORKSPACE_SCOPE = "@cauldron/";

interface BundleTarget {
  name: string;
  entry: string;
  outfile: string;
}

function targetsFor(names: string[], outdir: string): BundleTarget[] {
  const known = [...SERVICE_NAMES, "migrate"];
  return names.map((name) => {
    if (!known.includes(name)) throw new Error(`unknown bundle target "${name}"; known: ${known.join(", ")}`);
    return name === "migrate"
      ? { name, entry: "tools/migrate/migrate.ts", outfile: path.join(outdir, "migrate.mjs") }
      : { name, entry: `apps/${name}/src/main.ts`, outfile: path.join(outdir, name, "main.mjs") };
  });
}

/** Bare imports of anything but our workspace packages stay imports, resolved from node_modules at run time. */
const thirdPartyExternal: Plugin = {
  name: "third-party-external",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === "entry-point" || args.path.startsWith(WORKSPACE_SCOPE)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** Packages `npm ci --omit=dev` installs: the root's and every workspace's production dependencies. */
function productionDependencies(): Set<string> {
  const readManifest = (dir: string) =>
    JSON.parse(readFileSync(path.join(ROOT, dir, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      workspaces?: string[];
    };
  const root = readManifest(".");
  const names = new Set(Object.keys(root.dependencies ?? {}));
  for (const workspace of root.workspaces ?? []) {
    for (const name of Object.keys(readManifest(workspace).dependencies ?? {})) names.add(name);
  }
  return names;
}

function externalPackages(metafile: Metafile): Set<string> {
  const packages = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external) packages.add(packageNameOf(imported.path));
    }
  }
  return packages;
}

async function bundleTarget(target: BundleTarget, allowed: Set<string>): Promise<string[]> {
  if (!statSync(path.join(ROOT, target.entry), { throwIfNoEntry: false })) {
    throw new Error(`${target.name}: entry ${target.entry} does not exist`);
  }
  mkdirSync(path.dirname(target.outfile), { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [target.entry],
    outfile: target.outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    sourcemap: true,
    // Error and class names stay readable in logs and stack traces.
    keepNames: true,
    metafile: true,
    logLevel: "warning",
    plugins: [thirdPartyExternal],
  });
  const builtins = new Set(builtinModules);
  const externals = [...externalPackages(result.metafile)].filter(
    (name) => !name.startsWith("node:") && !builtins.has(name),
  );
  const missing = externals.filter((name) => !allowed.has(name));
  if (missing.length > 0) {
    throw new Error(
      `${target.name}: imports ${missing.join(", ")} at run time, which the image would not install; ` +
        `make ${missing.length === 1 ? "it a production dependency" : "them production dependencies"} (package.json "dependencies")`,
    );
  }
  return externals.sort();
}

function parseArgs(argv: string[]): { names: string[]; outdir: string } {
  let outdir = path.join(ROOT, "dist");
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--outdir") {
      const value = argv[++i];
      if (!value) throw new Error("--outdir needs a directory");
      outdir = path.resolve(value);
    } else {
      names.push(arg);
    }
  }
  return { names: names.length > 0 ? names : [...SERVICE_NAMES, "migrate"], outdir };
}

/** Bundles the named targets into outdir, printing one line per target; rejects on the first failure. */
export async function bundle(names: string[], outdir: string): Promise<void> {
  const allowed = productionDependencies();
  for (const target of targetsFor(names, outdir)) {
    const started = performance.now();
    const externals = await bundleTarget(target, allowed);
    const kib = (statSync(target.outfile).size / 1024).toFixed(0);
    const ms = Math.round(performance.now() - started);
    const shown = path.relative(ROOT, target.outfile);
    console.info(
      `bundle: ${target.name.padEnd(9)} → ${shown.startsWith("..") ? target.outfile : shown} ` +
        `(${kib} KiB, ${ms} ms; external: ${externals.join(", ") || "none"})`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { names, outdir } = parseArgs(process.argv.slice(2));
  bundle(names, outdir).catch((error: unknown) => {
    console.error(`bundle: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
