import { SERVICE_NAMES, type ServiceName } from "@cauldron/config";

/** Where each proxy and replica of a replica set listens. */
export interface ReplicaLayout {
  /** Every service's proxy URL, started or not, so peers' *_SERVICE_URL are always complete. */
  proxyUrls: Record<ServiceName, string>;
  /** The replicas' URLs; empty for a service not started. */
  replicaUrls: Record<ServiceName, string[]>;
}

const local = (port: number) => `http://127.0.0.1:${port}`;

/**
 * Ports from `basePort` up: the proxy of the k-th service of SERVICE_NAMES on basePort + k, then
 * replica i of the j-th started service on basePort + SERVICE_NAMES.length + j × replicas + i.
 */
export function replicaLayout(services: readonly ServiceName[], replicas: number, basePort: number): ReplicaLayout {
  const proxyUrls = Object.fromEntries(SERVICE_NAMES.map((name, k) => [name, local(basePort + k)]));
  const firstReplicaPort = basePort + SERVICE_NAMES.length;
  const replicaUrls = Object.fromEntries(
    SERVICE_NAMES.map((name) => {
      const j = services.indexOf(name);
      if (j < 0) return [name, []];
      return [name, Array.from({ length: replicas }, (_, i) => local(firstReplicaPort + j * replicas + i))];
    }),
  );
  return {
    proxyUrls: proxyUrls as Record<ServiceName, string>,
    replicaUrls: replicaUrls as Record<ServiceName, string[]>,
  };
}

/** The port of a loopback URL such as http://127.0.0.1:4306. */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}
