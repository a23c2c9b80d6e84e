import {
  admitToOrganization,
  openOrganizationWrite,
  type OrganizationCaller,
  type RequestContext,
} from "@cauldron/rpc";
import type { Request, Response } from "express";
import type { IncomingMessage } from "node:http";
import { StorageHttpError } from "../http-kit/storage-errors";
import type { StorageReader, StorageWriter } from "../objects/storage-caller";
import { findOrganization, organizationParam } from "./organization-param";
import type { StorageApi } from "./storage-api";

/** What a route needs of its caller: reading objects, uploading and changing them, or configuring buckets. */
export type StoragePermission = "storage:read" | "storage:write" | "storage:manage";

/**
 * The request as the platform's authenticators should read it: the organization comes from the
 * URL, never from x-organization-id, and anonymous routes ignore any credentials sent with them.
 */
export function authenticationView(req: IncomingMessage, options: { anonymous: boolean }): IncomingMessage {
  const headers = { ...req.headers };
  delete headers["x-organization-id"];
  if (options.anonymous) delete headers.authorization;
  return Object.create(req, { headers: { value: headers } }) as IncomingMessage;
}

const notMember = () => StorageHttpError.accessDenied("You are not a member of this organization");

async function admit(
  api: StorageApi,
  req: Request,
  res: Response,
  permission: StoragePermission,
): Promise<{ context: RequestContext; caller: OrganizationCaller }> {
  const context = await api.createContext(authenticationView(req, { anonymous: false }), res);
  const principal = context.principal;
  if (!principal) throw StorageHttpError.unauthenticated("Send a token: Authorization: Bearer <token>");
  const organization = await findOrganization(context.db, organizationParam(req));
  if (!organization) throw notMember();
  const caller = await admitToOrganization(context, principal, organization.id);
  if (!caller.can(permission)) throw StorageHttpError.accessDenied(`This needs the ${permission} permission`);
  return { context, caller };
}

/** An authenticated member of the URL's organization holding `permission`, whose queries RLS confines. */
export async function admitReader(
  api: StorageApi,
  req: Request,
  res: Response,
  permission: StoragePermission = "storage:read",
): Promise<StorageReader> {
  return (await admit(api, req, res, permission)).caller;
}

/** As admitReader, for a change: the organization must not be archived, and the change is recorded as the caller's. */
export async function admitWriter(
  api: StorageApi,
  req: Request,
  res: Response,
  permission: StoragePermission,
): Promise<StorageWriter> {
  const { context, caller } = await admit(api, req, res, permission);
  const { organizationId, organizationArchived, tenant } = caller;
  const write = await openOrganizationWrite({ ...context, organizationId, organizationArchived });
  return { organizationId, tenant, ...write };
}
