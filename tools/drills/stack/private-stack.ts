import { createDatabase, migrateUp } from "@cauldron/db";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { REPO_ROOT, runStackScript } from "./stack-script";

/** A Postgres cluster and a Redis server of their own, for drills that stop and start them. */
export interface PrivateStack {
  name: string;
  /** .data/drills/<name> (absolute). */
  dataDir: string;
  /** Postgres URLs as the app, the schema owner and the superuser; the Redis URL. */
  urls: { app: string; owner: string; admin: string; redis: string };
  /** Where the storage service of this stack keeps object bytes (filesystem backend). */
  objectStoreDir: string;
  /** Fast shutdown: open connections are cut, the cluster is kept. */
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** Redis keeps its data across a restart (append-only file, fsync on every write). */
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
  /** Stops both and deletes the data folder (and the cluster's fallback area, if one was used). */
  destroy(): Promise<void>;
}

const port = z.number().int().min(1024).max(65_535);
const optionsSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be 1-40 of a-z, 0-9 and '-'"),
  postgresPort: port,
  redisPort: port,
});

/**
 * Starts a fresh private stack in .data/drills/<name>: cluster, roles, database, extensions (as
 * tools/stack does for the dev stack) and every migration. A leftover stack of that name is
 * destroyed first, so no drill starts from another run's rows.
 */
export async function startPrivateStack(options: {
  name: string;
  postgresPort: number;
  redisPort: number;
  onProgress?: (line: string) => void;
}): Promise<PrivateStack> {
  const { name, postgresPort, redisPort } = optionsSchema.parse(options);
  const onProgress = options.onProgress ?? (() => {});
  const dataDir = join(REPO_ROOT, ".data", "drills", name);
  const env = {
    STACK_DATA_DIR: dataDir,
    STACK_PG_PORT: String(postgresPort),
    STACK_REDIS_PORT: String(redisPort),
    STACK_REDIS_APPENDONLY: "yes",
  };
  const run = (...args: string[]) => runStackScript(args, env, onProgress);
  const postgres = `127.0.0.1:${postgresPort}`;
  const stack: PrivateStack = {
    name,
    dataDir,
    urls: {
      app: `postgres://cauldron_app@${postgres}/cauldron`,
      owner: `postgres://cauldron_owner@${postgres}/cauldron`,
      admin: `postgres://postgres@${postgres}/postgres`,
      redis: `redis://127.0.0.1:${redisPort}`,
    },
    objectStoreDir: join(dataDir, "objects"),
    stopPostgres: () => run("down", "postgres"),
    startPostgres: () => run("up", "postgres"),
    stopRedis: () => run("down", "redis"),
    startRedis: () => run("up", "redis"),
    destroy: () => run("destroy"),
  };
  await run("destroy");
  try {
    await run("up");
    await mkdir(stack.objectStoreDir, { recursive: true });
    await applyMigrations(stack.urls.owner, onProgress);
  } catch (error) {
    await stack.destroy().catch(() => {});
    throw error;
  }
  return stack;
}

async function applyMigrations(ownerUrl: string, onProgress: (line: string) => void): Promise<void> {
  const db = createDatabase({ url: ownerUrl, poolMax: 2, applicationName: "cauldron-drills" });
  try {
    const applied = await migrateUp(db, { onProgress: (progress) => onProgress(`[migrate] ${progress.label}`) });
    onProgress(`[migrate] ${applied.length} migrations applied`);
  } finally {
    await db.destroy();
  }
}
