import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import type { Logger } from "pino";
import { writeSearches, type LoggedSearch } from "./search-log-write";

export type { LoggedSearch };

/** Writes the query log off the request path. */
export interface SearchLog {
  /** Queues `search` to be written and returns at once; a failed write is logged, never thrown. */
  record(search: LoggedSearch): void;
  /** Resolves once every search queued so far has been written (or logged as lost). */
  settled(): Promise<void>;
  /** Searches queued or being written. */
  readonly pending: number;
}

/** Runs work in a transaction of the service's own (RLS bypassed): the log's rows carry their organization. */
export type SystemTransactionRunner = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

// The error's kind and message only: a driver error's detail can quote the row, query text included.
function describeFailure(error: unknown): { name: string; code?: string; message: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, ...(typeof code === "string" ? { code } : {}), message: error.message };
}

/** Most searches one write takes; more waiting are written by the next one. */
const MAX_BATCH = 200;
/**
 * How long the first search queued waits for others to share its write. Searches answered one
 * by one would otherwise each pay a transaction of their own (begin, role, insert, commit) on the
 * same database and event loop as the searches being answered.
 */
const GATHER_MS = 50;

/**
 * The search query log. Searches are written after their answers are on their way, by one writer
 * at a time: the searches answered within GATHER_MS of each other, and whatever is queued while a
 * write runs, go into one statement in one transaction, so under load the log costs a few
 * statements per batch instead of a transaction per search. Shutdown waits for the queue
 * (`settled`, which writes at once what is still gathering); a write that fails, even while the
 * pool closes, is logged as lost (ids, never the query text) instead of rejecting where nobody listens.
 */
export function createSearchLog(logger: Logger, inSystemTransaction: SystemTransactionRunner): SearchLog {
  let queued: LoggedSearch[] = [];
  let writing: Promise<void> | undefined;
  let gathering: ReturnType<typeof setTimeout> | undefined;
  let inBatch = 0;

  // A batch that fails (a hit's embedding deleted meanwhile, a deadlock with such a delete) is
  // written again one search at a time, so only the search that cannot be written is lost.
  async function writeOrReport(batch: LoggedSearch[]): Promise<void> {
    try {
      await inSystemTransaction((trx) => writeSearches(trx, batch));
      return;
    } catch (error) {
      if (batch.length > 1) {
        for (const search of batch) await writeOrReport([search]);
        return;
      }
      logger.warn(
        {
          queryIds: batch.map((search) => search.queryId),
          organizationIds: [...new Set(batch.map((search) => search.organizationId))],
          err: describeFailure(error),
        },
        "search query log entries lost",
      );
    }
  }

  async function writeQueued(): Promise<void> {
    while (queued.length > 0) {
      const batch = queued.slice(0, MAX_BATCH);
      queued = queued.slice(batch.length);
      inBatch = batch.length;
      try {
        await writeOrReport(batch);
      } finally {
        inBatch = 0;
      }
    }
  }

  function startWriting(): void {
    clearTimeout(gathering);
    gathering = undefined;
    writing ??= Promise.resolve()
      .then(writeQueued)
      .catch(() => undefined)
      .finally(() => {
        writing = undefined;
        if (queued.length > 0) scheduleWrite();
      });
  }

  // A full batch goes at once; a smaller one gathers first. A write running reschedules when it ends.
  function scheduleWrite(): void {
    if (writing !== undefined) return;
    if (queued.length >= MAX_BATCH) startWriting();
    else gathering ??= setTimeout(startWriting, GATHER_MS);
  }

  return {
    record(search) {
      queued.push(search);
      scheduleWrite();
    },
    async settled() {
      while (writing !== undefined || gathering !== undefined) {
        if (gathering !== undefined) startWriting();
        await writing;
      }
    },
    get pending() {
      return queued.length + inBatch;
    },
  };
}
