import { withSystem } from "@cauldron/db";
import { openOrganizationWrite, type RequestContext } from "@cauldron/rpc";
import type { Request, Response } from "express";
import type { StorageWriter } from "../objects/storage-caller";
import { findOrganization, organizationParam, type UrlOrganization } from "./organization-param";
import { authenticationView } from "./request-caller";
import type { StorageApi } from "./storage-api";

/** An anonymous request to a public or signed route: its context and the organization its URL names, if any. */
export interface LinkRequest {
  context: RequestContext;
  organization: UrlOrganization | undefined;
}

/** Opens an anonymous request; credentials sent with it are ignored, the link itself is what admits it. */
export async function openLinkRequest(api: StorageApi, req: Request, res: Response): Promise<LinkRequest> {
  const context = await api.createContext(authenticationView(req, { anonymous: true }), res);
  return { context, organization: await findOrganization(context.db, organizationParam(req)) };
}

/**
 * The writer behind a signed upload link. No user is there for RLS to confine, so its queries run
 * as the system role; the domain functions name the organization in every query they make, and
 * the link's signer was checked for write access when it was signed, and acts through it: the
 * signer (`signedBy`) owns what it uploads.
 */
export async function linkWriter(
  context: RequestContext,
  organization: UrlOrganization,
  signedBy: string | undefined,
): Promise<StorageWriter> {
  const write = await openOrganizationWrite({
    ...context,
    organizationId: organization.id,
    organizationArchived: organization.archived,
  });
  return {
    organizationId: organization.id,
    tenant: (work) => withSystem(context.db, work),
    ...write,
    actorUserId: signedBy ?? write.actorUserId,
  };
}
