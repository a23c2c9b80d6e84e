import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresDialect,
  type QueryCompiler,
  type QueryResult,
  type Transaction,
  type TransactionSettings,
} from "kysely";

/**
 * Marks a statement whose answer its caller never reads (a transaction's settings): prefixed to
 * its SQL, the statement is sent at once and its answer is checked by the next statement the
 * caller waits for, so it costs no round trip of its own.
 */
export const UNANSWERED_STATEMENT = "/* unanswered */ ";

function ignore(): void {}

/**
 * A connection that sends a transaction's opening statements (begin, its settings) without
 * waiting, so they reach Postgres together with the first statement whose answer is read. pg in
 * pipeline mode writes each statement as it is issued and Postgres answers them in order; the
 * opening statements' answers are checked before that statement's answer is handed out, so a
 * failed opening is raised, never passed over.
 */
class PipelinedConnection implements DatabaseConnection {
  #unchecked: Promise<unknown>[] = [];
  #checks: Promise<unknown>[] = [];
  /** The open transaction was begun READ ONLY. */
  readOnly = false;
  /** A read-only transaction's COMMIT, still unanswered: the connection is pooled once it answers. */
  commitInFlight: Promise<unknown> | undefined;

  constructor(readonly inner: DatabaseConnection) {}

  /** Remembers an answer nobody waits for yet; it is checked by `settle`. */
  defer(answer: Promise<unknown>): void {
    answer.catch(ignore);
    this.#unchecked.push(answer);
  }

  /** Like `defer`, for an answer judged in this process: the commit waits for it before it is sent. */
  deferCheck(checked: Promise<unknown>): void {
    this.defer(checked);
    this.#checks.push(checked);
  }

  /** Waits for every unchecked answer, raising the first failure. */
  async settle(): Promise<void> {
    const unchecked = this.#unchecked;
    this.#unchecked = [];
    this.#checks = [];
    for (const answer of unchecked) await answer;
  }

  /**
   * Waits for the answers still being judged. A refusal there leaves Postgres's transaction
   * intact, so it must be known before a COMMIT goes out with writes nobody waited for.
   */
  async settleChecks(): Promise<void> {
    if (this.#checks.length > 0) await this.settle();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (query.sql.startsWith(UNANSWERED_STATEMENT)) {
      this.defer(this.inner.executeQuery(query));
      return { rows: [] };
    }
    if (this.#unchecked.length === 0) return this.inner.executeQuery<R>(query);
    const answer = this.inner.executeQuery<R>(query);
    answer.catch(ignore);
    await this.settle();
    return answer;
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    await this.settle();
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }
}

function pipelinedOf(connection: DatabaseConnection): PipelinedConnection {
  if (!(connection instanceof PipelinedConnection)) throw new TypeError("Not a connection of this driver");
  return connection;
}

/** Kysely's Postgres driver, with transactions opened without a round trip of their own. */
class PipelinedDriver implements Driver {
  readonly #wrapped = new WeakMap<DatabaseConnection, PipelinedConnection>();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapped = this.#wrapped.get(connection);
    if (!wrapped) {
      wrapped = new PipelinedConnection(connection);
      this.#wrapped.set(connection, wrapped);
    }
    return wrapped;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const pipelined = pipelinedOf(connection);
    pipelined.readOnly = settings.accessMode === "read only";
    pipelined.defer(this.inner.beginTransaction(pipelined.inner, settings));
    return Promise.resolve();
  }

  // COMMIT goes out with the writes nobody waited for, in the same round trip. If one of them
  // failed, Postgres has aborted the transaction and answers this COMMIT by rolling back, and
  // that failure is raised here; only a transaction whose every statement succeeded commits.
  // A READ ONLY transaction changed nothing its COMMIT could confirm or lose, so once every
  // statement's answer is in, its work is done: the COMMIT's answer is awaited only before the
  // connection goes back to the pool (releaseConnection).
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const pipelined = pipelinedOf(connection);
    await pipelined.settleChecks();
    const committed = this.inner.commitTransaction(pipelined.inner);
    committed.catch(ignore);
    await pipelined.settle();
    if (pipelined.readOnly) {
      pipelined.commitInFlight = committed;
      return;
    }
    await committed;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const pipelined = pipelinedOf(connection);
    await pipelined.settle().catch(ignore);
    await this.inner.rollbackTransaction(pipelined.inner);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]): Promise<void> {
    const pipelined = pipelinedOf(connection);
    await pipelined.settle();
    await this.inner.savepoint?.(pipelined.inner, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler["compileQuery"],
  ): Promise<void> {
    const pipelined = pipelinedOf(connection);
    await pipelined.settle();
    await this.inner.rollbackToSavepoint?.(pipelined.inner, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler["compileQuery"],
  ): Promise<void> {
    const pipelined = pipelinedOf(connection);
    await pipelined.settle();
    await this.inner.releaseSavepoint?.(pipelined.inner, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const pipelined = pipelinedOf(connection);
    pipelined.readOnly = false;
    await pipelined.settle().catch(ignore);
    const commit = pipelined.commitInFlight;
    if (commit) {
      // The caller goes on; the connection rejoins the pool when the COMMIT answered (a lost
      // connection is then dropped by the pool).
      pipelined.commitInFlight = undefined;
      void commit.catch(ignore).then(() => this.inner.releaseConnection(pipelined.inner));
      return;
    }
    await this.inner.releaseConnection(pipelined.inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** Kysely's Postgres dialect over a pool of pg clients in pipeline mode (`pipeline: true`). */
export class PipelinedPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new PipelinedDriver(super.createDriver());
  }
}

/**
 * Sends `query` in the transaction without waiting for its answer, which `check` judges when it
 * comes: the transaction's next statement the caller waits for is handed out, and the commit
 * sent, only after `check` returned, and both fail with what it threw. Returns the judged answer
 * (wrapped, so awaiting this call does not wait for it), for callers that need the verdict itself.
 */
export async function sendChecked<DB, R>(
  trx: Transaction<DB>,
  query: CompiledQuery,
  check: (result: QueryResult<R>) => void,
): Promise<{ checked: Promise<void> }> {
  let checked!: Promise<void>;
  await trx.getExecutor().provideConnection(async (connection) => {
    const pipelined = pipelinedOf(connection);
    checked = pipelined.inner.executeQuery<R>(query).then(check);
    pipelined.deferCheck(checked);
  });
  return { checked };
}
