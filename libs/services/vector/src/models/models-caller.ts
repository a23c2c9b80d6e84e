import type { Database } from "@cauldron/db";
import type { OrganizationWriteContext } from "@cauldron/rpc";
import type { Transaction } from "kysely";

/** What a model-changing procedure needs of its context: the organization, the actor and the recorder. */
export type ModelsCaller = OrganizationWriteContext & { organizationId: string };

/** A caller that also opens its own tenant transaction (to map errors raised at commit). */
export type TenantModelsCaller = ModelsCaller & {
  tenant<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
};
