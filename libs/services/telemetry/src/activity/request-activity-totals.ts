import type { RequestActivityEntry } from "@cauldron/contracts";
import { z } from "zod";

/** One user's requests in one organization (or none) during one minute: one user_activity row. */
export interface RequestActivityTotals {
  userId: string;
  organizationId: string | null;
  minute: Date;
  requests: number;
  procedures: Record<string, number>;
  ipAddress: string | null;
  userAgent: string | null;
}

/** The activity_type of request rows. */
export const REQUEST_ACTIVITY_TYPE = "requests";

/** What a request row keeps in `details`. */
export const requestActivityDetailsSchema = z.object({
  requests: z.number().int().nonnegative(),
  procedures: z.record(z.string(), z.number().int().nonnegative()),
});

export type RequestActivityDetails = z.infer<typeof requestActivityDetailsSchema>;

/** The row key: user, organization and minute. */
export function requestActivityKey(totals: Pick<RequestActivityTotals, "userId" | "organizationId" | "minute">) {
  return `${totals.userId}|${totals.organizationId ?? ""}|${totals.minute.toISOString()}`;
}

// Procedure names arrive from other processes: a record without a prototype takes any name as a plain key.
function copyOfCounts(counts: Record<string, number>): Record<string, number> {
  return Object.assign(Object.create(null) as Record<string, number>, counts);
}

/** A stream entry as totals, its ids spelled as Postgres spells uuids. */
export function totalsOfEntry(entry: RequestActivityEntry): RequestActivityTotals {
  return {
    ...entry,
    userId: entry.userId.toLowerCase(),
    organizationId: entry.organizationId?.toLowerCase() ?? null,
    minute: new Date(entry.minute),
    procedures: copyOfCounts(entry.procedures),
  };
}

/**
 * Adds `totals` into the row with its key: requests and calls per procedure are summed, and the
 * client address and user agent become the ones added last (when it has them).
 */
export function addRequestActivity(rows: Map<string, RequestActivityTotals>, totals: RequestActivityTotals): void {
  const key = requestActivityKey(totals);
  const row = rows.get(key);
  if (!row) {
    rows.set(key, { ...totals, procedures: copyOfCounts(totals.procedures) });
    return;
  }
  row.requests += totals.requests;
  for (const [procedure, calls] of Object.entries(totals.procedures)) {
    row.procedures[procedure] = (row.procedures[procedure] ?? 0) + calls;
  }
  row.ipAddress = totals.ipAddress ?? row.ipAddress;
  row.userAgent = totals.userAgent ?? row.userAgent;
}
