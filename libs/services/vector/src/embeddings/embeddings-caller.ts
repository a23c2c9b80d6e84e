import type { Database } from "@cauldron/db";
import type { OrganizationWriteContext } from "@cauldron/rpc";
import type { Transaction } from "kysely";

/** What an embedding-changing procedure needs of its context: the organization, the actor, the recorder, a transaction. */
export type EmbeddingsCaller = OrganizationWriteContext & {
  organizationId: string;
  tenant<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
};
