import { type Kysely, type MigrationResult, Migrator } from "kysely";
import { MIGRATIONS } from "./migrations";

/** Where Kysely records applied migrations: a schema of its own, never granted to the app roles. */
export const MIGRATION_TABLE_SCHEMA = "migrations";

export interface MigrationProgress {
  /** 1-based position of this migration within the run. */
  step: number;
  total: number;
  name: string;
  direction: "up" | "down";
  /** `[k/n] name`, ready to print. */
  label: string;
}

export interface MigrationRunOptions {
  onProgress?: (progress: MigrationProgress) => void;
}

export interface MigrationState {
  name: string;
  executedAt: Date | null;
}

// Any Kysely instance will do: migrations see the database as Kysely<unknown>.
function createMigrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableSchema: MIGRATION_TABLE_SCHEMA,
  });
}

function unwrap(results: MigrationResult[] | undefined, error: unknown): MigrationResult[] {
  const failed = results?.find((result) => result.status === "Error");
  if (error !== undefined) {
    const where = failed ? ` in ${failed.migrationName}` : "";
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration failed${where}: ${message}`, { cause: error });
  }
  return results ?? [];
}

/** Applies every pending migration, one transaction each, reporting `[k/n] name` before each. */
export async function migrateUp<DB>(db: Kysely<DB>, options: MigrationRunOptions = {}): Promise<string[]> {
  const migrator = createMigrator(db);
  const pending = (await migrator.getMigrations()).filter((migration) => !migration.executedAt);
  const applied: string[] = [];
  for (const [index, migration] of pending.entries()) {
    report(options, index + 1, pending.length, migration.name, "up");
    const { results, error } = await migrator.migrateUp();
    applied.push(...unwrap(results, error).map((result) => result.migrationName));
  }
  return applied;
}

/** Reverts the last `steps` migrations (default 1), or all of them. */
export async function migrateDown<DB>(
  db: Kysely<DB>,
  options: MigrationRunOptions & ({ steps?: number; all?: false } | { all: true }) = {},
): Promise<string[]> {
  const migrator = createMigrator(db);
  const executed = (await migrator.getMigrations()).filter((migration) => migration.executedAt).reverse();
  const steps = options.all ? executed.length : Math.min(options.steps ?? 1, executed.length);
  const reverted: string[] = [];
  for (const [index, migration] of executed.slice(0, steps).entries()) {
    report(options, index + 1, steps, migration.name, "down");
    const { results, error } = await migrator.migrateDown();
    reverted.push(...unwrap(results, error).map((result) => result.migrationName));
  }
  return reverted;
}

/** Lists every known migration in order with when it was applied (null when pending). */
export async function migrationStatus<DB>(db: Kysely<DB>): Promise<MigrationState[]> {
  const migrations = await createMigrator(db).getMigrations();
  return migrations.map((migration) => ({ name: migration.name, executedAt: migration.executedAt ?? null }));
}

function report(
  options: MigrationRunOptions,
  step: number,
  total: number,
  name: string,
  direction: "up" | "down",
): void {
  options.onProgress?.({ step, total, name, direction, label: `[${step}/${total}] ${name}` });
}
