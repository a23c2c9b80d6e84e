import type { Database } from "@cauldron/db";
import type { OrganizationWriteContext } from "@cauldron/rpc";
import type { Transaction } from "kysely";

/** Work done in one transaction confined by RLS to the caller in the active organization. */
export type TenantWork<T> = (trx: Transaction<Database>) => Promise<T>;

/** What reading alerts and rules needs of a procedure's context: the organization and a tenant transaction. */
export interface AlertsReader {
  organizationId: string;
  tenant<T>(work: TenantWork<T>): Promise<T>;
}

/** What changing them needs besides: the actor and the recorder of audit rows and events. */
export type AlertsWriter = AlertsReader & OrganizationWriteContext;
