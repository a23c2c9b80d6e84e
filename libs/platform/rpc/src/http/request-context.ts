import { TRPCError } from "@trpc/server";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { z } from "zod";
import { authenticateRequestEarly, type Authenticators } from "../auth/authenticate";
import { describePrincipal } from "../auth/principal";
import type { RequestContext, ServiceResources } from "../context";
import { clientAddressOf, type TrustsProxy } from "./client-address";
import { resolveRequestId } from "./request-id";
import { notePrincipal, requestIdOf } from "./request-notes";

/**
 * Builds the context a tRPC procedure would get for this request (request id, authenticated
 * principal, requested organization), so plain routes authorize exactly as procedures do.
 * Throws a TRPCError for a bad token or header.
 */
export type RequestContextFactory = (req: IncomingMessage, res: ServerResponse) => Promise<RequestContext>;

const organizationHeader = z.string().uuid();
// Long enough for any real browser or SDK; it is stored with audit rows and sessions.
const MAX_USER_AGENT_LENGTH = 512;

function requestedOrganizationId(header: string | string[] | undefined): string | null {
  // A repeated header is refused rather than read as one of its values.
  const value = Array.isArray(header) ? header.join(",") : header;
  if (value === undefined || value === "") return null;
  const parsed = organizationHeader.safeParse(value);
  if (!parsed.success) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "x-organization-id must be one organization's UUID" });
  }
  return parsed.data;
}

/**
 * The request context factory of one server: resources shared by every request, its
 * authenticators, and which proxies' X-Forwarded-For it believes. With `confirmLater`, a context
 * may come before its principal's revocation check ends, as `principalConfirmed`; only the tRPC
 * endpoint, whose middlewares await it, asks for that.
 */
export function createRequestContextFactory(
  resources: ServiceResources,
  authenticators: Authenticators,
  trustsProxy: TrustsProxy,
  options: { confirmLater?: boolean } = {},
): RequestContextFactory {
  return async (req, res) => {
    const requestId = requestIdOf(res) ?? resolveRequestId(req.headers["x-request-id"]);
    const { principal, confirmed } = await authenticateRequestEarly(req.headers.authorization, authenticators);
    const pending = confirmed && options.confirmLater ? confirmed : undefined;
    if (confirmed && !pending) await confirmed;
    notePrincipal(res, describePrincipal(principal));
    let childLogger: Logger | undefined;
    return {
      db: resources.db,
      redis: resources.redis,
      // Made on first use: most requests never log beyond their access-log line.
      get logger() {
        childLogger ??= resources.logger.child({ requestId });
        return childLogger;
      },
      requestId,
      principal,
      ...(pending ? { principalConfirmed: pending } : {}),
      requestedOrganizationId: requestedOrganizationId(req.headers["x-organization-id"]),
      ip: clientAddressOf(req, trustsProxy),
      userAgent: req.headers["user-agent"]?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
    };
  };
}
