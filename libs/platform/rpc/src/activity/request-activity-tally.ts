import {
  MAX_ACTIVITY_PROCEDURES,
  MAX_ACTIVITY_USER_AGENT_LENGTH,
  OTHER_ACTIVITY_PROCEDURE,
  type RequestActivityEntry,
} from "@cauldron/contracts";
import { isIP } from "node:net";

/** Who made a request, as activity records them. */
export interface ActivityCaller {
  userId: string;
  organizationId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
}

/** Requests counted in memory per user, organization and minute until they are taken. */
export interface RequestActivityTally {
  /** Counts one finished request with the procedures (or route) it called. */
  count(caller: ActivityCaller, procedures: readonly string[], finishedAt: number): void;
  /** The entries counted so far, and how many requests found the tally full, leaving it empty. */
  take(): { entries: RequestActivityEntry[]; dropped: number };
}

interface Counted {
  userId: string;
  organizationId: string | null;
  minute: number;
  requests: number;
  procedures: Map<string, number>;
  ipAddress: string | null;
  userAgent: string | null;
}

const MINUTE_MS = 60_000;
const MAX_PROCEDURE_NAME_LENGTH = 200;

// Postgres' inet takes no IPv6 zone ("fe80::1%eth0"): the zone names an interface of this host anyway.
function storableAddress(address: string | null): string | null {
  if (address === null) return null;
  const withoutZone = address.split("%")[0] ?? "";
  return isIP(withoutZone) === 0 ? null : withoutZone;
}

/** A tally holding at most `maxEntries` users × organizations × minutes; requests beyond are dropped. */
export function createRequestActivityTally(maxEntries: number): RequestActivityTally {
  let counted = new Map<string, Counted>();
  let dropped = 0;
  return {
    count(caller, procedures, finishedAt) {
      const minute = finishedAt - (finishedAt % MINUTE_MS);
      const key = `${caller.userId}|${caller.organizationId ?? ""}|${minute}`;
      let entry = counted.get(key);
      if (!entry) {
        if (counted.size >= maxEntries) {
          dropped += 1;
          return;
        }
        const { userId, organizationId } = caller;
        entry = {
          userId,
          organizationId,
          minute,
          requests: 0,
          procedures: new Map(),
          ipAddress: null,
          userAgent: null,
        };
        counted.set(key, entry);
      }
      entry.requests += 1;
      entry.ipAddress = caller.ipAddress;
      entry.userAgent = caller.userAgent;
      for (const procedure of procedures) {
        const name = procedure.slice(0, MAX_PROCEDURE_NAME_LENGTH);
        // One place is kept for `other`, so an entry never exceeds the contract's limit.
        const label =
          entry.procedures.has(name) || entry.procedures.size < MAX_ACTIVITY_PROCEDURES - 1
            ? name
            : OTHER_ACTIVITY_PROCEDURE;
        entry.procedures.set(label, (entry.procedures.get(label) ?? 0) + 1);
      }
    },
    take() {
      const taken = { counted, dropped };
      counted = new Map();
      dropped = 0;
      const entries = [...taken.counted.values()].map((entry) => ({
        userId: entry.userId,
        organizationId: entry.organizationId,
        minute: new Date(entry.minute).toISOString(),
        requests: entry.requests,
        procedures: Object.fromEntries(entry.procedures),
        ipAddress: storableAddress(entry.ipAddress),
        userAgent: entry.userAgent?.slice(0, MAX_ACTIVITY_USER_AGENT_LENGTH) ?? null,
      }));
      return { entries, dropped: taken.dropped };
    },
  };
}
