import type { RequestContextFactory } from "@cauldron/rpc";
import { Router, type Express } from "express";
import type { StorageRuntime } from "../storage-runtime";
import { mountBucketRoutes } from "./bucket-routes";
import { storageErrorHandler } from "./error-handler";
import { mountListRoute } from "./list-route";
import { mountMoveCopyRoutes } from "./move-copy-routes";
import { mountObjectRoutes } from "./object-routes";
import { mountPublicRoutes } from "./public-routes";
import { mountSignRoutes } from "./sign-routes";
import { mountUploadLinkRoutes } from "./upload-link-routes";
import { mountUploadRoutes } from "./upload-routes";

/**
 * Serves Supabase Storage's REST API under `/orgs/:org` (an organization's id or slug), so
 * storage-js works unmodified with `…/orgs/<org>` as its URL. Routes with fixed words
 * (`list`, `sign`, `public`, `info`…) are mounted before the catch-all `/object/:bucket/*path`;
 * other paths under `/orgs/:org` (resumable uploads) pass through to the routes mounted after.
 */
export function mountStorageApi(app: Express, runtime: StorageRuntime, createContext: RequestContextFactory): void {
  const api = { runtime, createContext };
  const router = Router({ mergeParams: true });
  mountBucketRoutes(router, api);
  mountListRoute(router, api);
  mountMoveCopyRoutes(router, api);
  mountSignRoutes(router, api);
  mountUploadLinkRoutes(router, api);
  mountPublicRoutes(router, api);
  mountObjectRoutes(router, api);
  mountUploadRoutes(router, api);
  router.use(storageErrorHandler(runtime.dependencies.logger));
  app.use("/orgs/:org", router);
}
