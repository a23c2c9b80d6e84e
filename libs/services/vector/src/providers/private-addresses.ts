import { embeddedIpv4, inRange, parseIpRange, type IpAddress, type IpRange } from "./ip-address";

/** Why an address is not a public one an embedding endpoint may live at. */
export type PrivateAddressKind =
  | "loopback"
  | "unspecified"
  | "private"
  | "carrier-grade NAT"
  | "link-local"
  | "unique-local"
  | "multicast"
  | "broadcast"
  | "reserved";

function ranges(table: [string, PrivateAddressKind][]): { range: IpRange; kind: PrivateAddressKind }[] {
  return table.map(([cidr, kind]) => ({ range: parseIpRange(cidr)!, kind }));
}

// The special-purpose registries (RFC 6890 and its updates), narrowed to what no public endpoint uses.
const IPV4_RANGES = ranges([
  ["0.0.0.0/8", "unspecified"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "carrier-grade NAT"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "reserved"],
  ["192.0.2.0/24", "reserved"],
  ["192.88.99.0/24", "reserved"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "reserved"],
  ["198.51.100.0/24", "reserved"],
  ["203.0.113.0/24", "reserved"],
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["240.0.0.0/4", "reserved"],
]);

const IPV6_RANGES = ranges([
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["::/96", "reserved"],
  ["100::/64", "reserved"],
  ["64:ff9b:1::/48", "private"],
  ["2001:db8::/32", "reserved"],
  ["fc00::/7", "unique-local"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "link-local"],
  ["ff00::/8", "multicast"],
]);

const GLOBAL_UNICAST = parseIpRange("2000::/3")!;

// IPv6 forms that carry an IPv4 address and reach it: IPv4-mapped, NAT64 and 6to4.
const CARRIES_IPV4: { range: IpRange; offset: number }[] = [
  { range: parseIpRange("::ffff:0:0/96")!, offset: 12 },
  { range: parseIpRange("64:ff9b::/96")!, offset: 12 },
  { range: parseIpRange("2002::/16")!, offset: 2 },
];

/** The IPv4 address an IPv6 one stands for (IPv4-mapped, NAT64, 6to4), else the address itself. */
export function effectiveAddress(address: IpAddress): IpAddress {
  if (address.family === 4) return address;
  const carrier = CARRIES_IPV4.find(({ range }) => inRange(address, range));
  return carrier ? embeddedIpv4(address, carrier.offset) : address;
}

/** What kind of non-public address `address` is, or undefined for a public one. */
export function privateAddressKind(address: IpAddress): PrivateAddressKind | undefined {
  const effective = effectiveAddress(address);
  const table = effective.family === 4 ? IPV4_RANGES : IPV6_RANGES;
  const found = table.find(({ range }) => inRange(effective, range));
  if (found) return found.kind;
  // Everything outside 2000::/3 is unassigned or special; nothing public lives there.
  if (effective.family === 6 && !inRange(effective, GLOBAL_UNICAST)) return "reserved";
  return undefined;
}
