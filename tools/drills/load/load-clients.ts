import {
  createAuthClient,
  createLoreClient,
  createOrgClient,
  createTelemetryClient,
  createVectorClient,
} from "@cauldron/client";
import type { ServiceName } from "@cauldron/config";
import { StorageClient } from "@supabase/storage-js";
import type { SeededOrganization } from "./seed-organizations";

/** The typed clients one organization's owner calls the services through. */
export interface LoadClients {
  auth: ReturnType<typeof createAuthClient>;
  org: ReturnType<typeof createOrgClient>;
  lore: ReturnType<typeof createLoreClient>;
  vector: ReturnType<typeof createVectorClient>;
  telemetry: ReturnType<typeof createTelemetryClient>;
  /** storage-js on the service's Supabase Storage API, with the current token, aborted by `signal`. */
  storage(signal: AbortSignal): Promise<StorageClient>;
}

/** Clients acting as `organization`'s owner inside it, each request with the owner's current token. */
export function createLoadClients(urls: Record<ServiceName, string>, organization: SeededOrganization): LoadClients {
  const token = () => organization.owner.accessToken();
  const acting = { token, organizationId: organization.organizationId };
  const storageApiUrl = `${urls.storage.replace(/\/+$/, "")}/orgs/${organization.organizationId}`;
  return {
    auth: createAuthClient({ url: urls.auth, token }),
    org: createOrgClient({ url: urls.org, ...acting }),
    lore: createLoreClient({ url: urls.lore, ...acting }),
    vector: createVectorClient({ url: urls.vector, ...acting }),
    telemetry: createTelemetryClient({ url: urls.telemetry, ...acting }),
    async storage(signal) {
      const abortable: typeof fetch = (input, init) => fetch(input, { ...init, signal });
      return new StorageClient(storageApiUrl, { Authorization: `Bearer ${await token()}` }, abortable);
    },
  };
}
