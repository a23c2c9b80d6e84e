import { TRPCError } from "@trpc/server";
import type { Request, Response } from "express";
import { isIP } from "node:net";
import { z } from "zod";
import { authenticateRequest, type Authenticators } from "../auth/authenticate";
import { describePrincipal } from "../auth/principal";
import type { RequestContext, ServiceResources } from "../context";

/**
 * Builds the context a tRPC procedure would get for this request (request id, authenticated
 * principal, requested organization), so plain routes authorize exactly as procedures do.
 * Throws a TRPCError for a bad token or header.
 */
export type RequestContextFactory = (req: Request, res: Response) => Promise<RequestContext>;

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

// Behind a trusted proxy req.ip is the forwarded address, which a proxy may pass on unchecked.
function clientAddress(req: Request): string | null {
  return req.ip !== undefined && isIP(req.ip) !== 0 ? req.ip : null;
}

/** The request context factory of one server: resources shared by every request plus its authenticators. */
export function createRequestContextFactory(
  resources: ServiceResources,
  authenticators: Authenticators,
): RequestContextFactory {
  return async (req, res) => {
    const requestId = res.locals.requestId as string;
    const principal = await authenticateRequest(req.headers.authorization, authenticators);
    res.locals.principal = describePrincipal(principal);
    return {
      db: resources.db,
      redis: resources.redis,
      logger: resources.logger.child({ requestId }),
      requestId,
      principal,
      requestedOrganizationId: requestedOrganizationId(req.headers["x-organization-id"]),
      ip: clientAddress(req),
      userAgent: req.headers["user-agent"]?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
    };
  };
}
