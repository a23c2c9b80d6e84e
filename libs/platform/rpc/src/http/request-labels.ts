import type { IncomingMessage } from "node:http";

/**
 * Labels for metrics and logs, computed from the raw URL of any request a client can send. They
 * run outside every handler (in the response's close listener), so each function here is total:
 * it never throws, and its output comes from a set the service defines, never from the client.
 */

/** Label of every call that names no procedure of this service, and of batches over the cap. */
export const UNKNOWN_PROCEDURE = "unknown";
/** Label of plain HTTP requests that matched no route of the service. */
export const UNMATCHED_ROUTE = "unmatched";

const TRPC_PREFIX = /^\/trpc(?:\/|$)/i;

function decodedOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

// A request target may be absolute (`GET http://host/trpc/x`); routing only sees its path.
function originFormOf(target: string): string {
  if (target.startsWith("/")) return target;
  const scheme = target.indexOf("://");
  if (scheme === -1) return target;
  const pathStart = target.indexOf("/", scheme + 3);
  return pathStart === -1 ? "/" : target.slice(pathStart);
}

/** The path of a request target, without its query string (absolute targets reduced to their path). */
export function pathOf(requestTarget: string): string {
  const originalUrl = originFormOf(requestTarget);
  const queryStart = originalUrl.indexOf("?");
  return queryStart === -1 ? originalUrl : originalUrl.slice(0, queryStart);
}

/** Whether a request target is under /trpc. */
export function isTrpcTarget(requestTarget: string): boolean {
  return TRPC_PREFIX.test(pathOf(requestTarget));
}

/**
 * The calls a `/trpc` URL names, read as tRPC reads them (the percent-decoded path, split on
 * commas when `batch=1`); an empty list when the path does not decode; null outside /trpc.
 */
export function trpcCallsOf(requestTarget: string): string[] | null {
  const originalUrl = originFormOf(requestTarget);
  const queryStart = originalUrl.indexOf("?");
  const pathname = pathOf(originalUrl);
  if (!TRPC_PREFIX.test(pathname)) return null;
  const decoded = decodedOrNull(pathname.slice("/trpc/".length));
  if (decoded === null) return [];
  const batched = queryStart !== -1 && new URLSearchParams(originalUrl.slice(queryStart + 1)).get("batch") === "1";
  return batched ? decoded.split(",") : [decoded];
}

/**
 * One label per call: the procedure's name when the service has it, `unknown` otherwise. A batch
 * over `maxBatchSize` (refused before any call runs) counts once, as `unknown`.
 */
export function procedureLabels(calls: string[], procedures: ReadonlySet<string>, maxBatchSize: number): string[] {
  if (calls.length === 0 || calls.length > maxBatchSize) return [UNKNOWN_PROCEDURE];
  return calls.map((name) => (procedures.has(name) ? name : UNKNOWN_PROCEDURE));
}

/**
 * The label of a plain HTTP request: the pattern of the route that served it (`/audit/export`,
 * `/object/:bucket/*path`), which the service's code defines, or `unmatched`.
 */
export function routeLabel(req: IncomingMessage & { route?: unknown }): string {
  const route = req.route;
  if (typeof route !== "object" || route === null || !("path" in route)) return UNMATCHED_ROUTE;
  return typeof route.path === "string" ? route.path : UNMATCHED_ROUTE;
}
