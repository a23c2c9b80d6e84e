import { randomBytes } from "node:crypto";
import pg from "pg";
import { z } from "zod";

/** Connection URLs of one Postgres cluster whose roles deploy/postgres/bootstrap.sql made. */
export interface ClusterUrls {
  /** A superuser, to create the database and its extensions. */
  admin: string;
  owner: string;
  app: string;
}

/** An empty database of its own: no migration applied yet. */
export interface BootstrappedDatabase {
  name: string;
  appUrl: string;
  ownerUrl: string;
  /** Drops it, cutting any connection still open. */
  drop(): Promise<void>;
}

// As deploy/postgres/bootstrap.sql: timescaledb is optional, and a release must run without it.
const EXTENSIONS = ["uuid-ossp", "pgcrypto", "pg_trgm", "vector", "postgis", "pgrouting"];

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, "a postgres:// URL");
const clusterSchema = z.object({ admin: postgresUrl, owner: postgresUrl, app: postgresUrl });

function inDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function asAdmin(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Creates a database as bootstrap.sql leaves one (owned by cauldron_owner, extensions made by the
 * superuser) for an upgrade to start from. Named like the test harness's databases, so one leaked
 * by a killed run on the dev stack is dropped by a later test run.
 */
export async function createBootstrappedDatabase(cluster: ClusterUrls): Promise<BootstrappedDatabase> {
  const { admin, owner, app } = clusterSchema.parse(cluster);
  const name = `test_${Date.now().toString(36)}_${randomBytes(5).toString("hex")}`;
  const quoted = `"${name}"`;
  await asAdmin(admin, [`create database ${quoted} owner cauldron_owner`]);
  const drop = () => asAdmin(admin, [`drop database if exists ${quoted} with (force)`]);
  try {
    await asAdmin(
      inDatabase(admin, name),
      EXTENSIONS.map((extension) => `create extension if not exists "${extension}" cascade`),
    );
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, appUrl: inDatabase(app, name), ownerUrl: inDatabase(owner, name), drop };
}
