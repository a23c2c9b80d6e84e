import type { Database } from "@cauldron/db";
import type { OrganizationWriteContext } from "@cauldron/rpc";
import type { Transaction } from "kysely";

/** Runs work in a transaction as the caller inside the active organization (team access applies). */
export type TenantRunner = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

/** What a reading procedure needs of its context: the organization and a transaction as the caller. */
export interface DocumentsReader {
  organizationId: string;
  tenant: TenantRunner;
}

/** What a document-changing procedure needs of its context: a reader that can also name the actor and record the change. */
export type DocumentsCaller = DocumentsReader & OrganizationWriteContext;
