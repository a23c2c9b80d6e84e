import type pg from "pg";
import type { DatabaseLocation } from "./database-location";
import { runPostgresTool } from "./postgres-tools";
import type { StepProgress } from "./step-progress";
import { recreateDatabase, withTargetDatabase } from "./target-database";

export interface DatabaseRestore {
  location: DatabaseLocation;
  dumpFile: string;
  owner: string;
  /** The source's TimescaleDB version, or null when it ran without TimescaleDB. */
  timescaledbVersion: string | null;
  binDir?: string;
  jobs: number;
  progress: StepProgress;
}

async function countArchiveItems(restore: DatabaseRestore): Promise<number> {
  const listing = await runPostgresTool({
    tool: "pg_restore",
    args: ["--list", restore.dumpFile],
    binDir: restore.binDir,
  });
  return listing.split("\n").filter((line) => line.trim() !== "" && !line.startsWith(";")).length;
}

async function prepareTimescale(client: pg.Client, version: string): Promise<void> {
  const { rows } = await client.query(
    `select 1 from pg_available_extension_versions
     where name = 'timescaledb' and version = $1 and current_setting('shared_preload_libraries') like '%timescaledb%'`,
    [version],
  );
  if (rows.length === 0) {
    throw new Error(
      `the backup's hypertables need TimescaleDB ${version} installed and preloaded on the target server`,
    );
  }
  // The extension first, at the source's version, then restoring mode, as TimescaleDB requires.
  await client.query(`create extension timescaledb version ${client.escapeLiteral(version)}`);
  await client.query("select timescaledb_pre_restore()");
}

/**
 * Replaces the target database with the dump: drops and recreates it, prepares TimescaleDB
 * (timescaledb_pre_restore) when the source had it, runs pg_restore (stopping at the first
 * error), ends TimescaleDB's restoring mode and refreshes the planner's statistics. Roles are
 * not in the dump: the target server must have them (deploy/postgres/bootstrap.sql).
 */
export async function restoreDatabase(restore: DatabaseRestore): Promise<number> {
  const { location, progress, timescaledbVersion } = restore;
  const total = await countArchiveItems(restore);
  await recreateDatabase(location, restore.owner);
  if (timescaledbVersion !== null) {
    await withTargetDatabase(location, (client) => prepareTimescale(client, timescaledbVersion));
    progress.note(`TimescaleDB ${timescaledbVersion} ready, restoring mode on`);
  }
  const items = progress.counter((done) => `${Math.min(done, total)}/${total} archive items restored`);
  try {
    await runPostgresTool({
      tool: "pg_restore",
      args: ["--exit-on-error", "--verbose", `--jobs=${restore.jobs}`, restore.dumpFile],
      location,
      binDir: restore.binDir,
      onLine: (line) => /: (creating|processing)\b/.test(line) && items.add(),
    });
  } finally {
    if (timescaledbVersion !== null) {
      await withTargetDatabase(location, (client) => client.query("select timescaledb_post_restore()"));
    }
  }
  items.finish();
  await withTargetDatabase(location, (client) => client.query("analyze"));
  progress.note("planner statistics refreshed (analyze)");
  return total;
}
