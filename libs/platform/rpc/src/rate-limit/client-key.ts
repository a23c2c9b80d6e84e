import { isIPv4, isIPv6 } from "node:net";

/** The key of requests whose client address is unknown: they share one limit. */
export const UNKNOWN_CLIENT = "unknown";

// The eight 16-bit groups of an IPv6 address, with "::" expanded and a trailing dotted IPv4 part
// turned into its two groups; null when the text is not one IPv6 address.
function ipv6Groups(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((group) => Number.parseInt(group, 16)));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const groups = [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff)
    ? groups
    : null;
}

/**
 * The key a client is counted under by every per-client limit. One host or network shares one
 * key however it writes its address: an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) counts as
 * its IPv4 address, and an IPv6 address counts as its /64, the smallest block a provider hands
 * one subscriber, so a client cannot take a fresh limit from each of its 2^64 addresses.
 */
export function clientKey(address: string | null): string {
  if (address === null) return UNKNOWN_CLIENT;
  const bare = address.replace(/%.*$/, "");
  if (isIPv4(bare)) return bare;
  const groups = ipv6Groups(bare);
  if (!groups) return UNKNOWN_CLIENT;
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}
