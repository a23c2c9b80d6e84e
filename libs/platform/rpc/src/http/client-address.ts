import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/** Whether the hop at `address`, `hop` steps from this server, is a proxy whose X-Forwarded-For is believed. */
export type TrustsProxy = (address: string, hop: number) => boolean;

// The X-Forwarded-For entries nearest first, split on commas and spaces as express reads them.
function forwardedAddresses(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(",") : (header ?? "");
  const addresses: string[] = [];
  for (const entry of value.split(",").reverse()) {
    const address = entry.replace(/^ +| +$/g, "");
    if (address !== "") addresses.push(address);
  }
  return addresses;
}

/**
 * The client's address as express computes `req.ip` under the same trust (walk X-Forwarded-For
 * from this server outwards while each hop is a trusted proxy), or null when that is not an IP
 * address: a proxy may pass on whatever a client wrote.
 */
export function clientAddressOf(req: IncomingMessage, trustsProxy: TrustsProxy): string | null {
  const hops = [req.socket.remoteAddress ?? "", ...forwardedAddresses(req.headers["x-forwarded-for"])];
  let hop = 0;
  while (hop < hops.length - 1 && trustsProxy(hops[hop]!, hop)) hop += 1;
  const address = hops[hop]!;
  return isIP(address) !== 0 ? address : null;
}
