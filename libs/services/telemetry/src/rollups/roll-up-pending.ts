import { withSystem, type Database } from "@cauldron/db";
import { sql, type Kysely, type Transaction } from "kysely";
import { recomputeMinutes } from "./recompute-minutes";
import { bucketsHolding } from "./rollup-keys";
import { DAY_LEVEL, HOUR_LEVEL, MINUTE_LEVEL } from "./rollup-levels";
import { recomputeLevel } from "./rollup-rows";
import { takePendingMinutes } from "./take-pending-minutes";

/** How much one rollup pass did: batches, and buckets recomputed per level. */
export interface RollupProgress {
  batches: number;
  minutes: number;
  hours: number;
  days: number;
}

/** How a pass takes its work: pending minutes per transaction, and when to stop early. */
export interface RollupOptions {
  batchSize?: number;
  signal?: AbortSignal;
}

export const DEFAULT_ROLLUP_BATCH_SIZE = 1_000;

// Any 64-bit constant unique to this purpose.
const ROLLUP_LOCK_KEY = 7_316_540_021;

/*
 * Each statement after the removal of the pending rows gets a fresh snapshot (READ COMMITTED), so it
 * sees the points of every writer whose pending row the removal took, and the rows the statement
 * before it wrote. Passes hold one transaction-scoped lock, so two of them (a leader handing over, a
 * test beside the job) never merge the same hour from each other's half-written minutes.
 */
async function rollUpBatch(trx: Transaction<Database>, limit: number): Promise<Omit<RollupProgress, "batches">> {
  await sql`select pg_advisory_xact_lock(${ROLLUP_LOCK_KEY})`.execute(trx);
  const minutes = await takePendingMinutes(trx, limit);
  if (minutes.length === 0) return { minutes: 0, hours: 0, days: 0 };
  await recomputeMinutes(trx, minutes);
  const hours = bucketsHolding(minutes, HOUR_LEVEL);
  await recomputeLevel(trx, HOUR_LEVEL, MINUTE_LEVEL, hours);
  const days = bucketsHolding(hours, DAY_LEVEL);
  await recomputeLevel(trx, DAY_LEVEL, HOUR_LEVEL, days);
  return { minutes: minutes.length, hours: hours.length, days: days.length };
}

/**
 * Rolls up pending minutes as the system role, a batch per transaction, until none are left (or the
 * signal aborts): each minute's 1-minute rows from raw points, then the hours and days holding them.
 */
export async function rollUpPending(db: Kysely<Database>, options: RollupOptions = {}): Promise<RollupProgress> {
  const limit = options.batchSize ?? DEFAULT_ROLLUP_BATCH_SIZE;
  const progress: RollupProgress = { batches: 0, minutes: 0, hours: 0, days: 0 };
  while (!options.signal?.aborted) {
    const batch = await withSystem(db, (trx) => rollUpBatch(trx, limit));
    if (batch.minutes === 0) break;
    progress.batches += 1;
    progress.minutes += batch.minutes;
    progress.hours += batch.hours;
    progress.days += batch.days;
    if (batch.minutes < limit) break;
  }
  return progress;
}
