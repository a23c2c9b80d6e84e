import { findOrganizationByReference, type ReferencedOrganization } from "@cauldron/rpc";
import type { Request } from "express";

/** The organization a URL's `/orgs/:org` names. */
export type UrlOrganization = ReferencedOrganization;

/** The organization whose id or slug this is, or undefined. */
export const findOrganization = findOrganizationByReference;

/** The `:org` of `/orgs/:org`, as express decoded it. */
export function organizationParam(req: Request): string {
  const value: unknown = req.params.org;
  return typeof value === "string" ? value : "";
}
