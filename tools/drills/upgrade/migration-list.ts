/** Where the ordered migration stream is declared, relative to the repository root. */
export const MIGRATIONS_INDEX = "libs/platform/db/src/migrations/index.ts";

/**
 * The files that have listed the stream, in order: the index, then migration-stream.ts, which a
 * few commits used for migrations after 0027 (absent from every other release and from the
 * checkout, so it adds nothing there).
 */
export const MIGRATION_LIST_FILES = [MIGRATIONS_INDEX, "libs/platform/db/src/migration-stream.ts"] as const;

/** The folder of the migrations and their helper folders, relative to the repository root. */
export const MIGRATIONS_FOLDER = "libs/platform/db/src/migrations";

// Each entry of the MIGRATIONS record is one line: `  "2026_12_02_0027_telemetry_refinements": m0027,`.
const ENTRY = /^\s*"(\d{4}_\d{2}_\d{2}_\d{4}_\w+)"\s*:/gm;

/**
 * The migration names the index declares, in its order. Read from the source text, so that any
 * release's list can be read from git without running that release's code.
 */
export function parseMigrationNames(indexSource: string): string[] {
  return [...indexSource.matchAll(ENTRY)].map((match) => match[1]!);
}

/** The names a release's list files declare, in order; `read` answers undefined for a file it lacks. */
export async function readMigrationNames(read: (file: string) => Promise<string | undefined>): Promise<string[]> {
  const sources = await Promise.all(MIGRATION_LIST_FILES.map(read));
  return sources.flatMap((source) => (source === undefined ? [] : parseMigrationNames(source)));
}

/** Whether `earlier` is `later` with one or more migrations removed from its end. */
export function isStrictPrefix(earlier: readonly string[], later: readonly string[]): boolean {
  return earlier.length < later.length && earlier.every((name, index) => later[index] === name);
}

// A migration's files: `2026_12_02_0024_storage_service.ts` or its helper folder `0024_storage_service/…`.
const NUMBER_OF_FILE = /^(?:\d{4}_\d{2}_\d{2}_)?(\d{4})_/;

/** The four-digit number of a migration name or of a file below the migrations folder, if it has one. */
export function migrationNumber(nameOrPath: string): string | undefined {
  return NUMBER_OF_FILE.exec(nameOrPath)?.[1];
}
