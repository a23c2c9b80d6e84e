import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { Database } from "./schema/database.generated";

/** Who a transaction acts for; RLS policies read these through app.current_user_id()/current_org_id(). */
export interface TenantContext {
  userId: string | null;
  organizationId?: string | null;
}

/** Thrown before any SQL is sent when a tenant id is not a UUID. */
export class InvalidTenantError extends TypeError {
  constructor(field: "userId" | "organizationId", value: unknown) {
    super(`${field} must be a UUID or null, got ${JSON.stringify(value) ?? String(value)}`);
    this.name = "InvalidTenantError";
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tenantId(field: "userId" | "organizationId", value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string" || !UUID.test(value)) throw new InvalidTenantError(field, value);
  return value.toLowerCase();
}

export interface TransactionOptions {
  /**
   * Begin the transaction READ ONLY: Postgres refuses any write in it, and its answer is handed
   * out without waiting for the COMMIT's (pipelined-dialect.ts).
   */
  readOnly?: boolean;
}

function transactionOf(db: Kysely<Database>, options: TransactionOptions) {
  return options.readOnly ? db.transaction().setAccessMode("read only") : db.transaction();
}

/** Runs `work` in a transaction confined by RLS to one user and (optionally) their active organization. */
export async function withTenant<T>(
  db: Kysely<Database>,
  tenant: TenantContext,
  work: (trx: Transaction<Database>) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const userId = tenantId("userId", tenant.userId);
  const organizationId = tenantId("organizationId", tenant.organizationId);
  return transactionOf(db, options).execute(async (trx) => {
    // Marked UNANSWERED_STATEMENT (pipelined-dialect.ts): sent with the begin and the first statement of
    // `work` in one round trip; that statement's answer is handed out only once these settings succeeded.
    await sql`/* unanswered */ select set_config('app.user_id', ${userId}, true), set_config('app.org_id', ${organizationId}, true)`.execute(
      trx,
    );
    return work(trx);
  });
}

/** Runs `work` in a transaction as cauldron_system, which bypasses RLS: auth lookups, relays, maintenance. */
export async function withSystem<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return transactionOf(db, options).execute(async (trx) => {
    await sql`/* unanswered */ set local role cauldron_system`.execute(trx);
    return work(trx);
  });
}

/**
 * An organization id to pass to app.organization_access() in a statement of its own: evaluating
 * the argument first sets app.user_id for that statement's transaction (a function's arguments are
 * evaluated before it runs), so one round trip asks as `userId` what withTenant would.
 */
export function organizationAsCaller(userId: string, organizationId: string): RawBuilder<string> {
  const caller = tenantId("userId", userId);
  const organization = tenantId("organizationId", organizationId);
  return sql<string>`(select ${organization}::uuid from set_config('app.user_id', ${caller}, true))`;
}

/**
 * The user's id as an argument for app.user_overview_as in a statement of its own: like
 * organizationAsCaller, evaluating it sets app.user_id for that statement's transaction.
 */
export function userAsCaller(userId: string): RawBuilder<string> {
  const caller = tenantId("userId", userId);
  return sql<string>`(select ${caller}::uuid from set_config('app.user_id', ${caller}, true))`;
}
