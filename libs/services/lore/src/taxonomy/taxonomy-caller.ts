import type { Database } from "@cauldron/db";
import type { OrganizationWriteContext } from "@cauldron/rpc";
import type { Transaction } from "kysely";

/** What a taxonomy read needs of its context: the active organization and a transaction under the caller's RLS. */
export interface TaxonomyReader {
  organizationId: string;
  tenant<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
}

/** What a taxonomy change needs besides: the actor and the recorder of audit rows. */
export type TaxonomyWriter = OrganizationWriteContext & TaxonomyReader;
