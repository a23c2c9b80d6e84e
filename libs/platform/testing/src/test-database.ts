import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { loadConfig, platformEnvSchema, toolingEnvSchema } from "@cauldron/config";
import { createDatabase, type Database, migrateUp } from "@cauldron/db";
import type { Kysely } from "kysely";
import pg from "pg";

/** A database of its own for one test file, cloned from the migrated template. */
export interface TestDatabase {
  name: string;
  appUrl: string;
  ownerUrl: string;
  /** Connected as cauldron_app: subject to RLS, like the services. */
  db: Kysely<Database>;
  /**
   * Connected as cauldron_owner acting as cauldron_system: reads and writes every tenant's rows
   * (tables force RLS on their owner too). Migrations need the owner itself: use ownerUrl.
   */
  ownerDb: Kysely<Database>;
  /** Closes both pools and drops the database. */
  destroy(): Promise<void>;
}

/** Set by the vitest global setup so test files skip the template check. */
export const TEMPLATE_DATABASE_ENV = "CAULDRON_TEST_TEMPLATE_DATABASE";

/**
 * How the template's time-series tables are partitioned: as hypertables where the server has
 * timescaledb (the default), or natively, built without timescaledb for tests of that mode.
 */
export type TemplatePartitioning = "default" | "native";

const TEMPLATE_PREFIX: Record<TemplatePartitioning, string> = {
  default: "cauldron_test_template_",
  native: "cauldron_test_native_template_",
};
const TEMPLATE_NAME = /^cauldron_test_(native_)?template_[0-9a-f]{8}$/;
// test_<creation time, base 36>_<random hex>
const TEST_DATABASE_NAME = /^test_([0-9a-z]{6,12})_[0-9a-f]{10}$/;
const STALE_AFTER_MS = 60 * 60 * 1000;
// Serializes template builds across concurrent vitest runs (any 64-bit constant unique to this purpose).
const TEMPLATE_LOCK_KEY = 4_207_118_205;

const EXTENSIONS = ["uuid-ossp", "pgcrypto", "pg_trgm", "vector", "postgis", "pgrouting"];

function urls() {
  const tooling = loadConfig(toolingEnvSchema);
  const platform = loadConfig(platformEnvSchema);
  return { admin: tooling.DATABASE_ADMIN_URL, owner: tooling.DATABASE_OWNER_URL, app: platform.DATABASE_URL };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

// Every session of the URL starts as cauldron_system (the role may switch to it: bootstrap grants it).
function asSystemRole(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", "-c role=cauldron_system");
  return parsed.toString();
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>, database?: string): Promise<T> {
  const { admin } = urls();
  const client = new pg.Client({ connectionString: database ? withDatabase(admin, database) : admin });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The template's name: a hash of every migration source, so any change builds a new template. */
export async function templateDatabaseName(partitioning: TemplatePartitioning = "default"): Promise<string> {
  const entry = createRequire(import.meta.url).resolve("@cauldron/db");
  const root = path.join(path.dirname(entry), "migrations");
  const files = (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((file) => file.isFile() && file.name.endsWith(".ts") && !file.name.endsWith(".test.ts"))
    .map((file) => path.relative(root, path.join(file.parentPath, file.name)).split(path.sep).join("/"))
    .sort();
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(root, file)));
    hash.update("\0");
  }
  return `${TEMPLATE_PREFIX[partitioning]}${hash.digest("hex").slice(0, 8)}`;
}

/** Builds the migrated template unless it exists and drops leaked test databases; safe when runs race. */
export async function ensureTemplateDatabase(
  partitioning: TemplatePartitioning = "default",
): Promise<{ name: string; builtMs: number | null }> {
  const name = await templateDatabaseName(partitioning);
  const current = new Set([await templateDatabaseName("default"), await templateDatabaseName("native")]);
  return withAdmin(async (admin) => {
    await admin.query("select pg_advisory_lock($1)", [TEMPLATE_LOCK_KEY]);
    try {
      const builtMs = await buildTemplateUnlessReady(admin, name, partitioning);
      await dropStaleDatabases(admin, current);
      return { name, builtMs };
    } finally {
      await admin.query("select pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY]);
    }
  });
}

async function buildTemplateUnlessReady(
  admin: pg.Client,
  name: string,
  partitioning: TemplatePartitioning,
): Promise<number | null> {
  const existing = await admin.query<{ datistemplate: boolean }>(
    "select datistemplate from pg_database where datname = $1",
    [name],
  );
  if (existing.rows[0]?.datistemplate) return null;
  const started = performance.now();
  // A half-built template from an interrupted run is not marked as one yet; rebuild it.
  if (existing.rows.length > 0) await admin.query(`drop database ${ident(name)} with (force)`);
  await admin.query(`create database ${ident(name)} owner cauldron_owner`);
  await installExtensions(name, partitioning);
  await migrateTemplate(name);
  await admin.query(`comment on database ${ident(name)} is ${pg.escapeLiteral(new Date().toISOString())}`);
  await admin.query(`alter database ${ident(name)} with is_template true allow_connections false`);
  return Math.round(performance.now() - started);
}

async function installExtensions(database: string, partitioning: TemplatePartitioning): Promise<void> {
  await withAdmin(async (client) => {
    for (const extension of EXTENSIONS) {
      await client.query(`create extension if not exists ${ident(extension)}`);
    }
    if (partitioning === "native") return;
    const timescale = await client.query(`
      select 1 from pg_available_extensions
      where name = 'timescaledb' and current_setting('shared_preload_libraries') like '%timescaledb%'
    `);
    if (timescale.rows.length > 0) {
      // No REVOKE on _timescaledb_internal here: with TimescaleDB 2.19 it makes every query of a
      // non-superuser fail at planning ("permission denied for schema _timescaledb_internal").
      await client.query("create extension if not exists timescaledb");
    }
  }, database);
}

async function migrateTemplate(database: string): Promise<void> {
  const ownerDb = createDatabase({
    url: withDatabase(urls().owner, database),
    poolMax: 1,
    applicationName: "cauldron-test-template",
  });
  try {
    await migrateUp(ownerDb);
  } finally {
    await ownerDb.destroy();
  }
}

// Other templates may still be cloned by a concurrent run on other migration sources, and test
// databases by a live test file: only drop them once they are an hour old. Names must match
// exactly what this file creates, so no other database is ever touched.
async function dropStaleDatabases(admin: pg.Client, current: ReadonlySet<string>): Promise<void> {
  const { rows } = await admin.query<{ datname: string; datistemplate: boolean; built: string | null }>(
    `select datname, datistemplate, shobj_description(oid, 'pg_database') as built from pg_database
     where datname ~ $1 or datname ~ $2`,
    [TEMPLATE_NAME.source, TEST_DATABASE_NAME.source],
  );
  const now = Date.now();
  for (const row of rows) {
    if (current.has(row.datname)) continue;
    const createdAt = row.datistemplate
      ? Date.parse(row.built ?? "")
      : parseInt(TEST_DATABASE_NAME.exec(row.datname)?.[1] ?? "", 36);
    if (Number.isFinite(createdAt) && now - createdAt < STALE_AFTER_MS) continue;
    if (row.datistemplate) await admin.query(`alter database ${ident(row.datname)} with is_template false`);
    await admin.query(`drop database if exists ${ident(row.datname)} with (force)`);
  }
}

/**
 * Clones the migrated template into a fresh database for one test file; with `partitioning:
 * "native"`, a template without timescaledb, built by the first file that asks for it.
 */
export async function createTestDatabase(options: { partitioning?: TemplatePartitioning } = {}): Promise<TestDatabase> {
  const partitioning = options.partitioning ?? "default";
  const template =
    (partitioning === "default" ? process.env[TEMPLATE_DATABASE_ENV] : undefined) ??
    (await ensureTemplateDatabase(partitioning)).name;
  // The creation time in the name lets a later run drop databases leaked by a crashed one.
  const name = `test_${Date.now().toString(36)}_${randomBytes(5).toString("hex")}`;
  await withAdmin((admin) =>
    admin.query(`create database ${ident(name)} template ${ident(template)} owner cauldron_owner strategy file_copy`),
  );
  const { app, owner } = urls();
  const appUrl = withDatabase(app, name);
  const ownerUrl = withDatabase(owner, name);
  const db = createDatabase({ url: appUrl, poolMax: 4, applicationName: "cauldron-test" });
  const ownerDb = createDatabase({ url: asSystemRole(ownerUrl), poolMax: 2, applicationName: "cauldron-test-owner" });
  return {
    name,
    appUrl,
    ownerUrl,
    db,
    ownerDb,
    async destroy() {
      await Promise.all([db.destroy(), ownerDb.destroy()]);
      await withAdmin((admin) => admin.query(`drop database if exists ${ident(name)} with (force)`));
    },
  };
}
