import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SECRET_LOOKING = /PASSWORD|SECRET|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|SIGNING|ENCRYPTION/i;

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Splits a Dockerfile into stages of instructions (comments dropped, continuation lines joined). */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = "";
  for (const line of text.split("\n")) {
    if (/^\s*#/.test(line)) continue;
    if (line.trimEnd().endsWith("\\")) {
      pending += line.trimEnd().slice(0, -1) + " ";
      continue;
    }
    const joined = (pending + line).trim();
    pending = "";
    if (joined) logical.push(joined);
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args };
    if (instruction.keyword === "FROM") {
      const [, from = "", name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ from, name, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

const dockerfile = readFileSync(`${ROOT}deploy/Dockerfile`, "utf8");
const stages = parseDockerfile(dockerfile);
const runtime = stages.at(-1) as Stage;
const all = stages.flatMap((stage) => stage.instructions);
const of = (keyword: string, stage?: Stage) => (stage ? stage.instructions : all).filter((i) => i.keyword === keyword);

describe("deploy/Dockerfile", () => {
  it("builds in stages and runs from node:20-bookworm-slim", () => {
    expect(stages.map((s) => s.name)).toEqual(["manifests", "deps", "build", "runtime"]);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(runtime.from).toBe("${NODE_IMAGE}");
  });

  it("runs the final stage as a numeric non-root user", () => {
    const users = of("USER", runtime);
    expect(users).toHaveLength(1);
    const [uid, gid] = (users[0]?.args ?? "").split(":");
    expect(Number(uid)).toBeGreaterThan(0);
    expect(Number(gid)).toBeGreaterThan(0);
    // Nothing after USER may need root.
    const afterUser = runtime.instructions.slice(runtime.instructions.indexOf(users[0] as Instruction) + 1);
    expect(afterUser.filter((i) => i.keyword === "RUN")).toEqual([]);
  });

  it("installs dependencies only from the lockfile, production ones only in the final stage", () => {
    const runs = of("RUN").map((i) => i.args);
    expect(runs.some((r) => /\bnpm (install|i|add)\b/.test(r))).toBe(false);
    expect(dockerfile).toContain("cp package.json package-lock.json /manifests/");
    const deps = stages.find((s) => s.name === "deps") as Stage;
    expect(of("RUN", deps).some((i) => /\bnpm ci\b/.test(i.args))).toBe(true);
    const runtimeInstall = of("RUN", runtime).find((i) => /\bnpm ci\b/.test(i.args));
    expect(runtimeInstall?.args).toMatch(/--omit=dev/);
    expect(runtimeInstall?.args).toMatch(/--ignore-scripts/);
  });

  it("puts no secret into any layer: no credential-like ARG or ENV, no .env or key file copied", () => {
    for (const instruction of [...of("ARG"), ...of("ENV")]) {
      const name = instruction.args.split(/[=\s]/)[0] ?? "";
      expect(name, `${instruction.keyword} ${instruction.args}`).not.toMatch(SECRET_LOOKING);
    }
    for (const copy of [...of("COPY"), ...of("ADD")]) {
      expect(copy.args).not.toMatch(/\.env|\.pem|\.key|id_rsa|\.npmrc/);
    }
    expect(of("ADD")).toEqual([]);
  });

  it("keeps tini as PID 1 so SIGTERM reaches node, and starts the bundle SERVICE names", () => {
    expect(of("RUN", runtime).some((i) => /apt-get install[^&]*\btini\b/.test(i.args))).toBe(true);
    expect(JSON.parse(of("ENTRYPOINT", runtime)[0]?.args ?? "null")).toEqual(["/usr/bin/tini", "--"]);
    const cmd = JSON.parse(of("CMD", runtime)[0]?.args ?? "null") as string[];
    expect(cmd[2]).toContain('exec node --enable-source-maps "/app/dist/$SERVICE/main.mjs"');
    expect(of("WORKDIR", runtime).at(-1)?.args).toBe("/app");
    expect(of("COPY", runtime).map((i) => i.args)).toContain("--from=build /src/dist ./dist");
  });

  it("bundles with the script the tests exercise", () => {
    const build = stages.find((s) => s.name === "build") as Stage;
    expect(of("RUN", build).map((i) => i.args)).toEqual(["npx tsx tools/bundle/bundle.ts --outdir /src/dist"]);
  });
});

describe(".dockerignore", () => {
  const ignored = readFileSync(`${ROOT}.dockerignore`, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));

  it("keeps local installs, data, build output, history and env files out of the build context", () => {
    for (const entry of [
      "node_modules",
      "**/node_modules",
      ".data",
      "dist",
      ".git",
      "coverage",
      ".nx",
      ".env",
      "**/.env",
    ]) {
      expect(ignored).toContain(entry);
    }
  });
});
