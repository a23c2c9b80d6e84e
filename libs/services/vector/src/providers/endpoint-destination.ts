import { lookup as resolveHost } from "node:dns";
import type { LookupFunction } from "node:net";
import { EmbeddingProviderError } from "./embedding-provider";
import { parseIpAddress } from "./ip-address";
import { privateAddressKind, type PrivateAddressKind } from "./private-addresses";
import {
  allowsAddress,
  allowsHostname,
  normalizeHostname,
  privateHostAllowList,
  type PrivateHostAllowList,
} from "./private-host-allow-list";

const ALLOW_HINT = "allow it with VECTOR_EMBEDDING_PRIVATE_HOSTS";

/** Names that mean this machine whatever DNS answers (RFC 6761). */
function isLoopbackName(hostname: string): boolean {
  const name = normalizeHostname(hostname);
  return name === "localhost" || name.endsWith(".localhost");
}

/** Whether `address` may be connected to: public, or private and allowed. */
function isAddressAllowed(address: string, allowList: PrivateHostAllowList): boolean {
  const parsed = parseIpAddress(address);
  if (!parsed) return false;
  return privateAddressKind(parsed) === undefined || allowsAddress(allowList, parsed);
}

/** The kind of private address `url`'s host is written as, unless allowed; undefined for names and public addresses. */
function privateLiteral(url: URL, allowList: PrivateHostAllowList): PrivateAddressKind | undefined {
  const address = parseIpAddress(url.hostname);
  if (!address || allowsAddress(allowList, address)) return undefined;
  return privateAddressKind(address);
}

/**
 * Why an endpoint at `baseUrl` may not be called, judged from the URL alone, or null: its host
 * is a private IP address or a loopback name that `privateHostsAllowed` does not list. A name
 * that resolves to a private address is refused later, when connecting. A URL that does not
 * parse is the configuration schema's to refuse, so it passes here.
 */
export function checkEndpointAllowed(baseUrl: string, privateHostsAllowed: readonly string[]): string | null {
  if (!URL.canParse(baseUrl)) return null;
  const url = new URL(baseUrl);
  const allowList = privateHostAllowList(privateHostsAllowed);
  if (allowsHostname(allowList, url.hostname)) return null;
  const loopbackName = isLoopbackName(url.hostname) && !isAddressAllowed("127.0.0.1", allowList);
  const kind = loopbackName ? "loopback" : privateLiteral(url, allowList);
  return kind ? `baseUrl's host ${url.hostname} is a private address (${kind}); ${ALLOW_HINT}` : null;
}

/**
 * The refusal of an endpoint whose URL names a private IP address the allow-list does not hold.
 * Connections to an address literal skip name resolution, so this is checked before each request.
 */
export function refusedAddressLiteral(url: URL, allowList: PrivateHostAllowList): EmbeddingProviderError | undefined {
  const kind = privateLiteral(url, allowList);
  if (!kind) return undefined;
  const message = `The embedding endpoint's host ${url.hostname} is a private address (${kind}); ${ALLOW_HINT}`;
  return new EmbeddingProviderError("configuration", message);
}

/**
 * A `lookup` for sockets that resolves as usual and fails with kind "configuration" when any
 * address a name resolves to is private and not allowed. Checking what the socket will connect
 * to, rather than what the URL said at registration, holds even when DNS answers differently
 * later (rebinding).
 */
export function guardedLookup(allowList: PrivateHostAllowList): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const allowed =
        allowsHostname(allowList, hostname) || addresses.every(({ address }) => isAddressAllowed(address, allowList));
      if (!allowed) {
        const message = `The embedding endpoint's host ${hostname} resolves to a private address; ${ALLOW_HINT}`;
        return callback(new EmbeddingProviderError("configuration", message), []);
      }
      const [first] = addresses;
      if (options.all || !first) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}
