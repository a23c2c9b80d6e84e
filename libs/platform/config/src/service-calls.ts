import { SERVICE_NAMES, SERVICE_PORTS, type ServiceName } from "./service-ports";

/**
 * Who may call whom synchronously. Lore asks vector to embed and search and asks storage for an
 * object's bytes to import it; every other flow between services is an event or a metrics scrape,
 * so the calls form no cycle and nothing calls lore or telemetry. A peer client refuses any other
 * direction, and a test keeps this table, the lint boundaries and the import graph in agreement.
 */
export const SERVICE_CALLS: Readonly<Record<ServiceName, readonly ServiceName[]>> = {
  auth: [],
  org: [],
  lore: ["vector", "storage"],
  vector: [],
  telemetry: [],
  storage: [],
};

/** Whether `caller` may call `callee` synchronously (see SERVICE_CALLS). */
export function mayCall(caller: ServiceName, callee: ServiceName): boolean {
  return SERVICE_CALLS[caller].includes(callee);
}

/** The environment variable naming a peer's base URL, e.g. VECTOR_SERVICE_URL. */
export function peerUrlVariable(service: ServiceName): `${Uppercase<ServiceName>}_SERVICE_URL` {
  return `${service.toUpperCase() as Uppercase<ServiceName>}_SERVICE_URL`;
}

/** Each service's base URL on the local stack, the default of its *_SERVICE_URL variable. */
export const LOCAL_SERVICE_URLS = Object.fromEntries(
  SERVICE_NAMES.map((service) => [service, `http://127.0.0.1:${SERVICE_PORTS[service]}`]),
) as Record<ServiceName, string>;
