import type { Database } from "@cauldron/db";
import type { OrganizationWriteContext } from "@cauldron/rpc";
import type { Transaction } from "kysely";

/** What reading detectors and anomalies needs of a procedure's context: the organization and a tenant transaction. */
export interface AnomaliesReader {
  organizationId: string;
  tenant<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
}

/** What changing detectors needs besides: the actor and the recorder of audit rows. */
export type AnomaliesWriter = AnomaliesReader & OrganizationWriteContext;
