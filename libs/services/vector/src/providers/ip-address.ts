import { isIP } from "node:net";

/** An IP address as its bytes: 4 for IPv4, 16 for IPv6. */
export interface IpAddress {
  family: 4 | 6;
  bytes: Uint8Array;
}

/** A CIDR range: the addresses whose first `prefixLength` bits equal those of `base`. */
export interface IpRange {
  base: IpAddress;
  prefixLength: number;
}

function ipv4Bytes(text: string): Uint8Array {
  return Uint8Array.from(text.split(".").map(Number));
}

/** The 16 bytes of an IPv6 literal already known valid, `::` and a trailing dotted quad included. */
function ipv6Bytes(text: string): Uint8Array {
  const [head = "", tail] = text.split("::");
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const toWords = (parts: string[]) =>
    parts.flatMap((part) => {
      if (!part.includes(".")) return [parseInt(part, 16)];
      const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(part);
      return [(a << 8) | b, (c << 8) | d];
    });
  const before = toWords(groups(head));
  const after = toWords(groups(tail));
  const words = [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
  const bytes = new Uint8Array(16);
  words.forEach((word, index) => {
    bytes[index * 2] = word >> 8;
    bytes[index * 2 + 1] = word & 0xff;
  });
  return bytes;
}

/** The address written in `text` (brackets and an IPv6 zone allowed), or undefined when it is not an IP literal. */
export function parseIpAddress(text: string): IpAddress | undefined {
  const bare = text.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 4) return { family: 4, bytes: ipv4Bytes(bare) };
  if (family === 6) return { family: 6, bytes: ipv6Bytes(bare) };
  return undefined;
}

/** `a.b.c.d/n` or `v6/n`, or undefined when `text` is not a CIDR range. */
export function parseIpRange(text: string): IpRange | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const base = parseIpAddress(match[1]!);
  const prefixLength = Number(match[2]);
  if (!base || prefixLength > base.bytes.length * 8) return undefined;
  return { base, prefixLength };
}

/** Whether `address` lies in `range`; an IPv4 range never holds an IPv6 address, nor the reverse. */
export function inRange(address: IpAddress, range: IpRange): boolean {
  if (address.family !== range.base.family) return false;
  for (let bit = 0; bit < range.prefixLength; bit += 8) {
    const mask = 0xff & (0xff << (8 - Math.min(8, range.prefixLength - bit)));
    const index = bit / 8;
    if ((address.bytes[index]! & mask) !== (range.base.bytes[index]! & mask)) return false;
  }
  return true;
}

/** The IPv4 address held in bytes `from`..`from+4` of an IPv6 address. */
export function embeddedIpv4(address: IpAddress, from: number): IpAddress {
  return { family: 4, bytes: address.bytes.slice(from, from + 4) };
}
