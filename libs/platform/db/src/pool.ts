import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema/database.generated";

export interface DatabaseOptions {
  url: string;
  poolMax?: number;
  applicationName?: string;
  /** Told when an idle pooled connection breaks (server restart, terminated backend). */
  onIdleConnectionError?: (error: Error) => void;
}

const INT8 = 20;
const INT8_ARRAY = 1016;
const NUMERIC = 1700;
const NUMERIC_ARRAY = 1231;
const DATE = 1082;
const DATE_ARRAY = 1182;
const INTERVAL = 1186;
const TEXT_ARRAY = 1009;

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`bigint ${text} is beyond JavaScript's safe integer range; cast it to text in the query`);
  }
  return value;
}

// pg-types' TypeId enum omits array types; its registry has them all.
const builtInParser = pg.types.getTypeParser as (oid: number, format?: "text" | "binary") => (text: string) => unknown;
const parseTextArray = builtInParser(TEXT_ARRAY) as (text: string) => (string | null)[];

function arrayOf<T>(parse: (text: string) => T): (text: string) => (T | null)[] {
  return (text) => parseTextArray(text).map((item) => (item === null ? null : parse(item)));
}

// Generated types say number for int8/numeric and string for date/interval; these parsers make it so,
// per pool rather than through pg's process-wide registry.
const PARSERS = new Map<number, (text: string) => unknown>([
  [INT8, parseInt8],
  [INT8_ARRAY, arrayOf(parseInt8)],
  [NUMERIC, Number],
  [NUMERIC_ARRAY, arrayOf(Number)],
  [DATE, String],
  [DATE_ARRAY, arrayOf(String)],
  [INTERVAL, String],
]);

const typeParsers = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    const parser = format !== "binary" ? PARSERS.get(oid) : undefined;
    return parser ?? builtInParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Creates the typed Kysely instance over a pg pool with number-typed int8/numeric columns. */
export function createDatabase(options: DatabaseOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    application_name: options.applicationName ?? "cauldron",
    types: typeParsers,
  });
  // Without a listener, a connection dropped while idle would crash the process; the pool
  // discards it and the next query opens a fresh one.
  pool.on("error", (error) => options.onIdleConnectionError?.(error));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
