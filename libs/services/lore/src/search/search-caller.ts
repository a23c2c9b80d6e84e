import type { Database } from "@cauldron/db";
import type { Principal } from "@cauldron/rpc";
import type { Transaction } from "kysely";

/** What lore.search and lore.retrieve need of their context: who asks, where, and a transaction as them. */
export interface SearchCaller {
  principal: Principal;
  organizationId: string;
  requestId: string;
  /** Runs `work` under Row-Level Security as the caller in the organization: team access applies. */
  tenant<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
}
