import type { Database } from "@cauldron/db";
import { sql, type Kysely } from "kysely";
import { count } from "../vector/findings-table";

const POLL_MS = 250;
const PROGRESS_EVERY_MS = 5_000;
/** Longest the bench waits without a single document becoming indexed before it gives up. */
const STALL_MS = 120_000;

/** How many of the organization's documents await the vector service, and how many it failed. */
export async function indexCounts(
  ownerDb: Kysely<Database>,
  organizationId: string,
): Promise<{ pending: number; failed: number; indexed: number; firstError: string | null }> {
  const row = await ownerDb
    .selectFrom("lore.documents")
    .select([
      sql<number>`count(*) filter (where index_status = 'pending')::int`.as("pending"),
      sql<number>`count(*) filter (where index_status = 'failed')::int`.as("failed"),
      sql<number>`count(*) filter (where index_status = 'indexed')::int`.as("indexed"),
      sql<string | null>`min(index_error)`.as("firstError"),
    ])
    .where("organization_id", "=", organizationId)
    .executeTakeFirstOrThrow();
  return row;
}

/** One look at work the bench waits for: how much is left, and a figure that changes as it advances. */
interface Backlog {
  remaining: number;
  advanced: number;
  /** The progress line for this look. */
  report: string;
  /** Why the wait gave up, when `advanced` has not moved for STALL_MS. */
  stalled: string;
}

/**
 * Looks at a backlog every POLL_MS until nothing remains, printing its report every few seconds;
 * fails when it stops advancing. Returns the seconds waited.
 */
async function waitForBacklog(look: () => Promise<Backlog>, progress: (text: string) => void): Promise<number> {
  const started = performance.now();
  let reported = started;
  let lastChange = started;
  let lastAdvanced = -1;
  for (;;) {
    const backlog = await look();
    if (backlog.remaining === 0) return (performance.now() - started) / 1000;
    const now = performance.now();
    if (backlog.advanced !== lastAdvanced) {
      lastAdvanced = backlog.advanced;
      lastChange = now;
    } else if (now - lastChange > STALL_MS) {
      throw new Error(backlog.stalled);
    }
    if (now - reported >= PROGRESS_EVERY_MS) {
      reported = now;
      progress(backlog.report);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Waits until every document of the organization is indexed (its chunks embedded by the vector
 * service), saying how many remain every few seconds; fails on a failed document or a stall.
 * Returns the seconds waited.
 */
export function waitUntilIndexed(
  ownerDb: Kysely<Database>,
  organizationId: string,
  progress: (text: string) => void,
): Promise<number> {
  return waitForBacklog(async () => {
    const counts = await indexCounts(ownerDb, organizationId);
    if (counts.failed > 0) {
      throw new Error(
        `${counts.failed} documents failed to index; the first error: ${counts.firstError ?? "none given"}`,
      );
    }
    return {
      remaining: counts.pending,
      advanced: counts.indexed,
      report: `indexing: ${count(counts.indexed)} documents indexed, ${count(counts.pending)} pending`,
      stalled: `no document became indexed for ${STALL_MS / 1000} s (${counts.pending} pending); is the vector consumer running?`,
    };
  }, progress);
}

/**
 * Waits until none of the organization's vectors waits outside its model's HNSW graph (small
 * writes' vectors are searchable at once and join the graph by the vector service's
 * pending-embeddings job), so a figure that ends at "indexed" includes the graph's work. Returns
 * the seconds waited; fails if the backlog does not shrink for a while.
 */
export function waitUntilInGraph(
  ownerDb: Kysely<Database>,
  organizationId: string,
  progress: (text: string) => void,
): Promise<number> {
  return waitForBacklog(async () => {
    const { pending } = await ownerDb
      .selectFrom("vector.embeddings")
      .select(sql<number>`count(*)::int`.as("pending"))
      .where("organization_id", "=", organizationId)
      .where("pending_embedding", "is not", null)
      .executeTakeFirstOrThrow();
    return {
      remaining: pending,
      advanced: pending,
      report: `adding to the HNSW graph: ${count(pending)} vectors still pending`,
      stalled: `${pending} vectors stayed outside the HNSW graph for ${STALL_MS / 1000} s; is the vector service's job running?`,
    };
  }, progress);
}
