import { lookup as resolveHost } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

/** An address or name webhooks may not reach while private destinations are refused. */
export class PrivateDestinationError extends Error {
  constructor(host: string) {
    super(`destination ${host} is a private, loopback or link-local address; webhooks go to public addresses only`);
    this.name = "PrivateDestinationError";
  }
}

// The special-purpose IPv4 blocks no public receiver lives in (IANA's registry, RFC 6890 and later).
const IPV4_BLOCKS: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];
// Inside global unicast (2000::/3): protocol assignments (Teredo among them), documentation, 6to4.
const IPV6_BLOCKS: [string, number][] = [
  ["2001::", 23],
  ["2001:db8::", 32],
  ["2002::", 16],
];

const refused = new BlockList();
for (const [network, prefix] of IPV4_BLOCKS) refused.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of IPV6_BLOCKS) refused.addSubnet(network, prefix, "ipv6");
// Loopback, link-local, unique-local, multicast, IPv4-mapped and NAT64 forms all lie outside it.
const globalUnicast = new BlockList();
globalUnicast.addSubnet("2000::", 3, "ipv6");

/** Whether `address` is an IP address on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !refused.check(address, "ipv4");
  if (family === 6) return globalUnicast.check(address, "ipv6") && !refused.check(address, "ipv6");
  return false;
}

/** The host of a URL as sockets take it: IPv6 literals without their brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** Refuses a URL whose host is written as a private IP address (sockets skip name resolution for those). */
export function checkAddressLiteral(url: URL): void {
  const host = hostOf(url);
  if (isIP(host) !== 0 && !isPublicAddress(host)) throw new PrivateDestinationError(host);
}

/**
 * A socket `lookup` that resolves as usual and fails when any address of the name is not public.
 * The socket connects to exactly what this returned, so a name that resolved to a public address
 * when it was checked cannot reach a private one later (DNS rebinding).
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  resolveHost(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (addresses.length === 0 || !addresses.every(({ address }) => isPublicAddress(address))) {
      return callback(new PrivateDestinationError(hostname), []);
    }
    const [first] = addresses;
    if (options.all || !first) return callback(null, addresses);
    callback(null, first.address, first.family);
  });
};
