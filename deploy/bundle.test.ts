import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { configuredRedisUrl, loadConfig, SERVICE_NAMES, toolingEnvSchema, type ServiceName } from "@cauldron/config";
import { serviceVariables } from "@cauldron/rpc";
import { createTestDatabase, TEST_SERVICE_TOKEN_SECRET, type TestDatabase } from "@cauldron/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICE_DEFINITIONS } from "./service-definitions";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const EXTENSIONS = ["uuid-ossp", "pgcrypto", "pg_trgm", "vector", "postgis", "pgrouting"];
// A guard against a hung start, not a timing assertion.
const READY_WITHIN_MS = 30_000;

/** Values for the variables production requires; a bundle gets those its service declares, no others. */
const PRODUCTION_VALUES: Record<string, string> = {
  SERVICE_TOKEN_SECRET: TEST_SERVICE_TOKEN_SECRET,
  AUTH_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  // Nothing is sent while the services only start and stop.
  SMTP_URL: "smtp://mailer:secret@127.0.0.1:2525",
  EMAIL_FROM: "Cauldron <no-reply@example.test>",
  STORAGE_SIGNING_KEYS: `bundle:${randomBytes(32).toString("hex")}`,
};

/** The environment a container of `service` gets: the platform's basics and what the service declares it needs. */
function declaredEnvironment(service: ServiceName, base: Record<string, string>): Record<string, string> {
  const declared = new Set(serviceVariables(SERVICE_DEFINITIONS[service]));
  const needed = Object.entries(PRODUCTION_VALUES).filter(([variable]) => declared.has(variable));
  const environment = { ...base, ...Object.fromEntries(needed) };
  const undeclared = Object.keys(environment).filter((variable) => !declared.has(variable));
  if (undeclared.length > 0) throw new Error(`${service} does not declare ${undeclared.join(", ")}`);
  return environment;
}

let outdir: string;
let database: TestDatabase;

/** A started bundle with everything it printed so far, for failure messages. */
interface BundleProcess {
  child: ChildProcess;
  output(): string;
}

function startBundle(file: string, args: string[], env: Record<string, string>): BundleProcess {
  // Only what a container would get: no inherited variables, no repository working directory.
  const child = spawn(process.execPath, ["--enable-source-maps", file, ...args], {
    cwd: path.dirname(file),
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  return { code, signal };
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

async function waitForReady(url: string, bundle: BundleProcess): Promise<number> {
  const deadline = Date.now() + READY_WITHIN_MS;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (bundle.child.exitCode !== null) {
      throw new Error(`exited with ${bundle.child.exitCode} before becoming ready:\n${bundle.output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return response.status;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer 200 (last: ${last}):\n${bundle.output()}`);
}

/**
 * An empty database prepared as deploy/postgres/bootstrap.sql leaves one (owned by cauldron_owner,
 * extensions created by the admin), named like the test harness's so a leaked one is cleaned up.
 */
async function createBootstrappedDatabase(): Promise<{ ownerUrl: string; drop(): Promise<void> }> {
  const { DATABASE_ADMIN_URL, DATABASE_OWNER_URL } = loadConfig(toolingEnvSchema);
  const name = `test_${Date.now().toString(36)}_${randomBytes(5).toString("hex")}`;
  const inDatabase = (url: string, database: string) =>
    Object.assign(new URL(url), { pathname: `/${database}` }).toString();
  const admin = async (database: string, statements: string[]) => {
    const client = new pg.Client({ connectionString: inDatabase(DATABASE_ADMIN_URL, database) });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const adminDatabase = new URL(DATABASE_ADMIN_URL).pathname.slice(1) || "postgres";
  await admin(adminDatabase, [`create database "${name}" owner cauldron_owner`]);
  await admin(
    name,
    EXTENSIONS.map((extension) => `create extension if not exists "${extension}" cascade`),
  );
  return {
    ownerUrl: inDatabase(DATABASE_OWNER_URL, name),
    drop: () => admin(adminDatabase, [`drop database "${name}" with (force)`]),
  };
}

beforeAll(async () => {
  // Inside the repository, so the bundles resolve third-party packages from its node_modules,
  // as they resolve them from the image's /app/node_modules.
  mkdirSync(path.join(ROOT, ".data"), { recursive: true });
  outdir = mkdtempSync(path.join(ROOT, ".data", "bundle-test-"));
  const targets = [...SERVICE_NAMES, "migrate"];
  console.info(`[bundle] bundling ${targets.join(", ")} into ${path.relative(ROOT, outdir)}…`);
  execFileSync(TSX, ["tools/bundle/bundle.ts", ...targets, "--outdir", outdir], { cwd: ROOT, stdio: "inherit" });
  database = await createTestDatabase();
}, 300_000);

afterAll(async () => {
  await database?.destroy();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe("the bundles the image runs", () => {
  it.each(SERVICE_NAMES)(
    "bundle of %s starts with the variables it declares, answers /readyz with 200 and exits 0 on SIGTERM",
    async (service) => {
      const file = path.join(outdir, service, "main.mjs");
      expect(readFileSync(file, "utf8"), "workspace code is inlined, not imported").not.toMatch(
        /(from\s*|import\()\s*["']@cauldron\//,
      );
      const port = await freePort();
      const bundle = startBundle(
        file,
        [],
        declaredEnvironment(service, {
          NODE_ENV: "production",
          LOG_LEVEL: "warn",
          HOST: "127.0.0.1",
          PORT: String(port),
          DATABASE_URL: database.appUrl,
          REDIS_URL: configuredRedisUrl(),
        }),
      );
      try {
        expect(await waitForReady(`http://127.0.0.1:${port}/readyz`, bundle)).toBe(200);
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        bundle.child.kill("SIGTERM");
        const exit = await exitOf(bundle.child);
        expect(exit, bundle.output()).toEqual({ code: 0, signal: null });
      } finally {
        if (bundle.child.exitCode === null && bundle.child.signalCode === null) bundle.child.kill("SIGKILL");
      }
    },
    60_000,
  );

  it("migrations bundle brings a freshly bootstrapped database up to date as the owner, then finds nothing to do", async () => {
    const empty = await createBootstrappedDatabase();
    try {
      const env = { NODE_ENV: "production", LOG_LEVEL: "warn", DATABASE_OWNER_URL: empty.ownerUrl };
      const first = startBundle(path.join(outdir, "migrate.mjs"), ["up"], env);
      expect(await exitOf(first.child), first.output()).toEqual({ code: 0, signal: null });
      expect(first.output()).toMatch(/applied \d+ migration/);
      const second = startBundle(path.join(outdir, "migrate.mjs"), ["up"], env);
      expect(await exitOf(second.child), second.output()).toEqual({ code: 0, signal: null });
      expect(second.output()).toContain("schema already up to date");
    } finally {
      await empty.drop();
    }
  }, 120_000);
});
