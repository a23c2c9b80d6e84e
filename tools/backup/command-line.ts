import { parseArgs, type ParseArgsConfig } from "node:util";
import { loadConfig, toolingEnvSchema } from "@cauldron/config";
import { z } from "zod";
import { databaseLocationOf, type DatabaseLocation } from "./database-location";
import { DEFAULT_POSTGRES_BIN_DIR } from "./postgres-tools";

export const BACKUP_USAGE = "usage: npm run backup -- --out <dir> [--lock-timeout-ms <ms>]";
export const RESTORE_USAGE = "usage: npm run restore -- --from <dir> [--force] [--jobs <n>]";

const wholeNumber = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const backupArgsSchema = z.object({
  out: z.string().min(1),
  "lock-timeout-ms": wholeNumber(100, 600_000).default(10_000),
});

const restoreArgsSchema = z.object({
  from: z.string().min(1),
  force: z.boolean().default(false),
  jobs: wholeNumber(1, 64).default(1),
});

// The same variables, and defaults, as the storage service's filesystem backend.
const stackEnvSchema = z.object({
  STORAGE_BACKEND: z.enum(["filesystem", "s3"]).default("filesystem"),
  STORAGE_DATA_DIR: z.string().min(1).default(".data/storage"),
  BACKUP_POSTGRES_BIN_DIR: z.string().min(1).default(DEFAULT_POSTGRES_BIN_DIR),
});

/** The database, object store and client programs the environment names. */
export interface StackLocation {
  database: DatabaseLocation;
  storeDir: string;
  binDir: string;
}

function parse<T extends z.ZodType>(
  schema: T,
  usage: string,
  args: readonly string[],
  options: ParseArgsConfig["options"],
): z.output<T> {
  let values: unknown;
  try {
    values = parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new Error(`${usage}\n(${(error as Error).message})`);
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  throw new Error(`${usage}\n${z.prettifyError(parsed.error)}`);
}

/** Parses `--out <dir> [--lock-timeout-ms <ms>]`; throws with the usage line on anything else. */
export function parseBackupArgs(args: readonly string[]) {
  return parse(backupArgsSchema, BACKUP_USAGE, args, {
    out: { type: "string" },
    "lock-timeout-ms": { type: "string" },
  });
}

/** Parses `--from <dir> [--force] [--jobs <n>]`; throws with the usage line on anything else. */
export function parseRestoreArgs(args: readonly string[]) {
  return parse(restoreArgsSchema, RESTORE_USAGE, args, {
    from: { type: "string" },
    force: { type: "boolean" },
    jobs: { type: "string" },
  });
}

/**
 * The stack to back up or restore into: the database DATABASE_OWNER_URL names, reached as
 * DATABASE_ADMIN_URL's role (it must read every row, past row-level security), and the
 * filesystem store at STORAGE_DATA_DIR. An S3 store is refused: its bytes are backed up by the
 * bucket's own versioning (deploy/backup-restore.md).
 */
export function stackLocationFrom(environment: Record<string, string | undefined> = process.env): StackLocation {
  const tooling = loadConfig(toolingEnvSchema, environment);
  const stack = loadConfig(stackEnvSchema, environment);
  if (stack.STORAGE_BACKEND === "s3") {
    throw new Error(
      "STORAGE_BACKEND=s3: these commands copy the filesystem store only; protect an S3 bucket with its versioning (see deploy/backup-restore.md)",
    );
  }
  return {
    database: databaseLocationOf(tooling.DATABASE_ADMIN_URL, tooling.DATABASE_OWNER_URL),
    storeDir: stack.STORAGE_DATA_DIR,
    binDir: stack.BACKUP_POSTGRES_BIN_DIR,
  };
}
