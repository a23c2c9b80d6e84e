import type { PlatformEnv } from "@cauldron/config";
import type { StorageEnv } from "../storage-config";

/** What a link's base is chosen from: the storage settings and the platform's name for this service. */
export interface LinkSettings {
  settings: Pick<StorageEnv, "STORAGE_PUBLIC_URL">;
  dependencies: { env: Pick<PlatformEnv, "STORAGE_SERVICE_URL"> };
}

/**
 * Where clients reach this service, for links handed out: STORAGE_PUBLIC_URL when set; else the
 * origin the request came to, when the caller knows it (plain HTTP routes); else the service's
 * own address as the platform names it (STORAGE_SERVICE_URL). tRPC procedures never see the
 * request's origin, so deployments behind an ingress set STORAGE_PUBLIC_URL.
 */
export function publicBaseUrl(runtime: LinkSettings, requestOrigin?: string): string {
  const base = runtime.settings.STORAGE_PUBLIC_URL ?? requestOrigin ?? runtime.dependencies.env.STORAGE_SERVICE_URL;
  return base.replace(/\/+$/, "");
}

function encodedPath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** A link under the organization's Supabase-compatible API: `<base>/orgs/<id>/object/<route>/<bucket>/<path>?token=…`. */
export function signedObjectLink(
  base: string,
  target: { organizationId: string; route: "sign" | "upload/sign"; bucket: string; path: string },
  token: string,
): string {
  const { organizationId, route, bucket, path } = target;
  return `${base}/orgs/${organizationId}/object/${route}/${encodeURIComponent(bucket)}/${encodedPath(path)}?token=${encodeURIComponent(token)}`;
}

/** The `download` query parameter Supabase's links carry: empty for the object's own name. */
export function downloadParameter(download: boolean | string | undefined): string {
  if (download === undefined || download === false) return "";
  return `&download=${download === true ? "" : encodeURIComponent(download)}`;
}
