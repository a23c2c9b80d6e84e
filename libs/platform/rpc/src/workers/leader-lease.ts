import { withSystem, type Database } from "@cauldron/db";
import { sql, type Kysely } from "kysely";

/*
 * Leader election over a lease row in integration.job_leases rather than a session advisory lock:
 * transaction-mode poolers hand each transaction a different server connection, so a session lock
 * would be taken on one connection and "held" by a caller who no longer owns it. A lease row needs
 * only single statements, uses the database's clock (so replicas' clocks may drift), and fails over
 * when its holder stops renewing it. Its fencing token grows whenever the holder changes; a job's
 * completion is recorded only under the token it ran with, so a deposed leader cannot move the
 * schedule of the one that replaced it.
 */

/** The outcome of one attempt to take or renew a job's lease. */
export interface LeaseClaim {
  /** Whether this holder leads now. */
  held: boolean;
  fencingToken: string | null;
  /** Whether the job's period has passed since its last completed run (only meaningful when held). */
  due: boolean;
}

/** Takes the lease when it is free or expired, renews it when `holder` has it; one statement. */
export async function claimLease(
  db: Kysely<Database>,
  lease: { job: string; holder: string; leaseMs: number; everyMs: number },
): Promise<LeaseClaim> {
  const row = await withSystem(db, async (trx) => {
    const { rows } = await sql<{ fencing_token: string; due: boolean }>`
      insert into integration.job_leases as l (job, holder, fencing_token, expires_at)
      values (${lease.job}, ${lease.holder}, 1, now() + make_interval(secs => ${lease.leaseMs / 1000}))
      on conflict (job) do update
        set holder = excluded.holder,
            fencing_token = case when l.holder = excluded.holder then l.fencing_token else l.fencing_token + 1 end,
            expires_at = excluded.expires_at
        where l.holder = excluded.holder or l.expires_at < now()
      returning fencing_token::text,
        (last_run_at is null or last_run_at <= now() - make_interval(secs => ${lease.everyMs / 1000})) as due
    `.execute(trx);
    return rows[0];
  });
  return row
    ? { held: true, fencingToken: row.fencing_token, due: row.due }
    : { held: false, fencingToken: null, due: false };
}

/** Records a completed run, only if `holder` still leads under the token the run started with. */
export async function recordJobRun(
  db: Kysely<Database>,
  lease: { job: string; holder: string; fencingToken: string },
): Promise<boolean> {
  const result = await withSystem(db, (trx) =>
    sql`
      update integration.job_leases set last_run_at = now()
      where job = ${lease.job} and holder = ${lease.holder} and fencing_token = ${lease.fencingToken}::bigint
        and expires_at > now()
    `.execute(trx),
  );
  return Number(result.numAffectedRows ?? 0) === 1;
}

/** Gives the lease up at once (on a clean stop), so another replica takes over without waiting for expiry. */
export async function releaseLease(db: Kysely<Database>, lease: { job: string; holder: string }): Promise<void> {
  await withSystem(db, (trx) =>
    sql`
      update integration.job_leases set expires_at = now() - interval '1 millisecond'
      where job = ${lease.job} and holder = ${lease.holder}
    `.execute(trx),
  );
}
