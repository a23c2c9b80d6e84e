import { z } from "zod";
import { EmbeddingProviderError } from "./embedding-provider";
import { inRange, parseIpAddress, parseIpRange, type IpAddress, type IpRange } from "./ip-address";
import { effectiveAddress } from "./private-addresses";

/** The hosts an embedding endpoint may be at although their addresses are private. */
export interface PrivateHostAllowList {
  /** Lower-case names without a trailing dot; any address they resolve to is allowed. */
  hostnames: ReadonlySet<string>;
  /** Addresses and CIDR ranges; a single address is a full-length range. */
  ranges: readonly IpRange[];
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A name as hosts are compared: lower case, brackets and a trailing dot dropped. */
export function normalizeHostname(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

type AllowListEntry = { hostname: string } | { range: IpRange };

function parseEntry(entry: string): AllowListEntry | undefined {
  const address = parseIpAddress(entry);
  if (address) return { range: { base: address, prefixLength: address.bytes.length * 8 } };
  const range = parseIpRange(entry);
  if (range) return { range };
  const hostname = normalizeHostname(entry);
  return HOSTNAME.test(hostname) ? { hostname } : undefined;
}

const entryProblem = (entry: string) =>
  `"${entry}" is not a hostname, an IP address or a CIDR range such as 10.0.0.0/8`;

/** `VECTOR_EMBEDDING_PRIVATE_HOSTS`: comma-separated hostnames, IP addresses or CIDR ranges, each checked. */
export const privateHostsSetting = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  )
  .superRefine((entries, context) => {
    for (const entry of entries.filter((candidate) => !parseEntry(candidate))) {
      context.addIssue({ code: "custom", message: entryProblem(entry) });
    }
  });

/** The allow-list of `entries`; fails as "configuration", naming the first entry that is no hostname, address or range. */
export function privateHostAllowList(entries: readonly string[]): PrivateHostAllowList {
  const hostnames = new Set<string>();
  const ranges: IpRange[] = [];
  for (const entry of entries) {
    const parsed = parseEntry(entry.trim());
    if (!parsed)
      throw new EmbeddingProviderError("configuration", `VECTOR_EMBEDDING_PRIVATE_HOSTS: ${entryProblem(entry)}`);
    if ("hostname" in parsed) hostnames.add(parsed.hostname);
    else ranges.push(parsed.range);
  }
  return { hostnames, ranges };
}

/** Whether the allow-list names `hostname` itself. */
export function allowsHostname(allowList: PrivateHostAllowList, hostname: string): boolean {
  return allowList.hostnames.has(normalizeHostname(hostname));
}

/** Whether `address`, or the IPv4 address it stands for, lies in one of the allowed ranges. */
export function allowsAddress(allowList: PrivateHostAllowList, address: IpAddress): boolean {
  const effective = effectiveAddress(address);
  return allowList.ranges.some((range) => inRange(address, range) || inRange(effective, range));
}
