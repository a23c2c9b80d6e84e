import { lookup } from "node:dns/promises";
import { isIP, isIPv6 } from "node:net";
import type { ScrapeTarget } from "./scrape-targets";

/** One replica of a target: its /metrics page and the `instance` label its samples get. */
export interface ScrapeInstance {
  name: string;
  /** `address:port`, as Prometheus labels a scraped instance. */
  instance: string;
  metricsUrl: string;
}

/** Every address a host name stands for; a Kubernetes headless Service answers one per ready pod. */
export type AddressResolver = (hostname: string) => Promise<string[]>;

export const resolveAllAddresses: AddressResolver = async (hostname) =>
  (await lookup(hostname, { all: true })).map((entry) => entry.address);

/**
 * The replicas behind a target: one per address its host name resolves to, so each replica's
 * page is scraped and labelled apart instead of whichever one a Service's load balancing picks.
 * An https target, an address given as such, or a name that does not resolve stays one instance
 * under its own URL (a certificate names the host, and a failed fetch reports what is wrong).
 */
export async function instancesOf(target: ScrapeTarget, resolve: AddressResolver): Promise<ScrapeInstance[]> {
  const url = new URL(target.metricsUrl);
  const single = [{ name: target.name, instance: url.host, metricsUrl: target.metricsUrl }];
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (url.protocol !== "http:" || isIP(hostname) !== 0) return single;
  let resolved: string[];
  try {
    resolved = [...new Set(await resolve(hostname))].sort();
  } catch {
    return single;
  }
  // A dual-stack replica answers on both families: one family, IPv4 when there is any, scrapes it once.
  const ipv4 = resolved.filter((address) => isIP(address) === 4);
  const addresses = ipv4.length > 0 ? ipv4 : resolved;
  if (addresses.length === 0) return single;
  return addresses.map((address) => {
    const replica = new URL(target.metricsUrl);
    replica.hostname = isIPv6(address) ? `[${address}]` : address;
    return { name: target.name, instance: replica.host, metricsUrl: replica.toString() };
  });
}
