import { withSystem, type Database } from "@cauldron/db";
import { sql, type Kysely, type Transaction } from "kysely";
import { indexBuildLabel } from "./index-build-progress";
import { indexStateOf, markIndexBuilding, markIndexFailed, markIndexReady } from "./model-index-queries";

/*
 * One build runs per model at a time across replicas: the build transaction holds a transaction
 * advisory lock keyed by the model. A model left 'building' whose lock is free lost its builder
 * (the replica died or its connection was cut, and Postgres rolled the build back), so it is built
 * again; one whose lock is held is still being built, perhaps by a replica whose job lease ran out
 * meanwhile, and is left alone. The index and the 'ready' state commit together.
 */

/** How one model's build ended. */
export type IndexBuildOutcome =
  | { state: "ready"; indexName: string }
  | { state: "failed"; error: string }
  /** The connection was cut mid-build: the model stays 'building' and the next run builds it again. */
  | { state: "interrupted"; error: string }
  /** Another run is building it, or has finished it since this run looked. */
  | { state: "skipped" };

const MAX_ERROR_LENGTH = 500;
// The server shutting down or terminating the session (class 08 is connection exceptions), and
// the socket failing under node-postgres.
const INTERRUPTED_STATES = new Set(["57P01", "57P02", "57P03"]);
const SOCKET_FAILURES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNREFUSED"]);

function isInterruption(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === "string" &&
    (code.startsWith("08") || INTERRUPTED_STATES.has(code) || SOCKET_FAILURES.has(code))
  ) {
    return true;
  }
  return /^Connection terminated/i.test(error.message);
}

function shortMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}

async function lockModelBuild(trx: Transaction<Database>, modelId: string): Promise<boolean> {
  const key = `vector.build_model_index:${modelId}`;
  const { rows } = await sql<{ locked: boolean }>`
    select pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) as locked
  `.execute(trx);
  return rows[0]?.locked === true;
}

async function createModelIndex(trx: Transaction<Database>, modelId: string, statementTimeoutMs: number) {
  await sql`
    select set_config('statement_timeout', ${String(statementTimeoutMs)}, true),
           set_config('application_name', ${indexBuildLabel(modelId)}, true)
  `.execute(trx);
  const { rows } = await sql<{ index_name: string }>`
    select vector.build_model_index(${modelId}) as index_name
  `.execute(trx);
  const indexName = rows[0]?.index_name;
  if (!indexName) throw new Error("vector.build_model_index returned no index name");
  return indexName;
}

/**
 * Builds the model's HNSW index through vector.build_model_index (the system role's one DDL
 * right) within `statementTimeoutMs`, and records the outcome on the model.
 */
export async function buildModelIndex(
  db: Kysely<Database>,
  modelId: string,
  options: { statementTimeoutMs: number; onStart?: () => void },
): Promise<IndexBuildOutcome> {
  if (!(await withSystem(db, (trx) => markIndexBuilding(trx, modelId)))) return { state: "skipped" };
  try {
    return await withSystem(db, async (trx): Promise<IndexBuildOutcome> => {
      if (!(await lockModelBuild(trx, modelId)) || (await indexStateOf(trx, modelId)) !== "building") {
        return { state: "skipped" };
      }
      options.onStart?.();
      const indexName = await createModelIndex(trx, modelId, options.statementTimeoutMs);
      await markIndexReady(trx, modelId, indexName);
      return { state: "ready", indexName };
    });
  } catch (error) {
    const message = shortMessage(error);
    if (isInterruption(error)) return { state: "interrupted", error: message };
    await withSystem(db, (trx) => markIndexFailed(trx, modelId, message));
    return { state: "failed", error: message };
  }
}
