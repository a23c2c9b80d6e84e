import type { RequestContextFactory } from "@cauldron/rpc";
import type { StorageRuntime } from "../storage-runtime";

/** What every route of the Supabase-compatible API shares: the service's runtime and how a request is authenticated. */
export interface StorageApi {
  runtime: StorageRuntime;
  createContext: RequestContextFactory;
}
