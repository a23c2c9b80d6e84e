import type { OrganizationCaller, OrganizationWriteContext } from "@cauldron/rpc";

/** Who reads objects: the organization acted in and a transaction confined to the caller by RLS. */
export type StorageReader = Pick<OrganizationCaller, "organizationId" | "tenant">;

/** Who changes objects: a reader that also names the actor and records each change with its events. */
export type StorageWriter = StorageReader & OrganizationWriteContext;
