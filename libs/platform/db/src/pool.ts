import { Kysely } from "kysely";
import pg from "pg";
import { coalesceWritesPerTick } from "./coalesced-writes";
import { PipelinedPostgresDialect } from "./pipelined-dialect";
import type { Database } from "./schema/database.generated";

export interface DatabaseOptions {
  url: string;
  poolMax?: number;
  applicationName?: string;
  /** Told when an idle pooled connection breaks (server restart, terminated backend). */
  onIdleConnectionError?: (error: Error) => void;
  /** How long a query waits for a free pooled connection (or a new one to open) before failing; unset waits forever. */
  connectionTimeoutMs?: number;
  /** Postgres cancels any statement of these sessions that runs longer; 0 or unset keeps the role's setting. */
  statementTimeoutMs?: number;
  /** Postgres ends a session left idle inside an open transaction this long; 0 or unset keeps the role's setting. */
  idleInTransactionTimeoutMs?: number;
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

function ignoreCheckedOutConnectionError(): void {}

/** Creates the typed Kysely instance over a pg pool with number-typed int8/numeric columns. */
export function createDatabase(options: DatabaseOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    application_name: options.applicationName ?? "cauldron",
    types: typeParsers,
    // Sent as startup parameters, so they hold for every session of this pool; behind PgBouncer,
    // list them in ignore_startup_parameters and set them on the role instead.
    connectionTimeoutMillis: options.connectionTimeoutMs,
    statement_timeout: options.statementTimeoutMs || undefined,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs || undefined,
    // Statements are written as they are issued; a transaction's opening rides with its first statement.
    pipeline: true,
  });
  // Without a listener, a connection dropped while idle would crash the process; the pool
  // discards it and the next query opens a fresh one.
  pool.on("error", (error) => options.onIdleConnectionError?.(error));
  // The pool only listens while a connection is idle. One the server ends while it is checked
  // out (an idle-in-transaction timeout, a terminated backend) would otherwise crash the process;
  // instead its next query fails, and Kysely discards it.
  pool.on("connect", (client) => {
    client.on("error", ignoreCheckedOutConnectionError);
    coalesceWritesPerTick(client);
  });
  return new Kysely<Database>({ dialect: new PipelinedPostgresDialect({ pool }) });
}
