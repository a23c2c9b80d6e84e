import type { Database } from "@cauldron/db";
import type { OrganizationWriteContext } from "@cauldron/rpc";
import type { Transaction } from "kysely";

/** Work done in one transaction confined by RLS to the caller in the active organization. */
export type TenantWork<T> = (trx: Transaction<Database>) => Promise<T>;

/** What a graph read needs of its context: the organization and a tenant transaction. */
export interface GraphReader {
  organizationId: string;
  tenant<T>(work: TenantWork<T>): Promise<T>;
}

/** What a graph change needs besides: the actor and the recorder of audit rows. */
export type GraphWriter = GraphReader & OrganizationWriteContext;
