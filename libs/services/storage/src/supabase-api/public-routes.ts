import type { Request, Response, Router } from "express";
import { StorageHttpError } from "../http-kit/storage-errors";
import { objectView, type ObjectRow } from "../objects/object-row";
import { openLinkRequest } from "./link-caller";
import { findPublicObject } from "./link-queries";
import { downloadParam, objectAt, type ObjectTarget } from "./route-target";
import { sendObject } from "./send-object";
import type { StorageApi } from "./storage-api";
import { objectInfoOf } from "./supabase-shapes";

// A bucket that is private answers as one that does not exist, whatever it holds.
async function publicObject(api: StorageApi, req: Request, res: Response, target: ObjectTarget): Promise<ObjectRow> {
  const { context, organization } = await openLinkRequest(api, req, res);
  if (!organization) throw StorageHttpError.bucketNotFound();
  const { bucketFound, row } = await findPublicObject(context.db, { organizationId: organization.id, ...target });
  if (!bucketFound) throw StorageHttpError.bucketNotFound();
  if (!row) throw StorageHttpError.objectNotFound();
  return row;
}

/** GET/HEAD /object/public/:bucket/*path and GET /object/info/public/:bucket/*path: anyone may read a public bucket's objects. */
export function mountPublicRoutes(router: Router, api: StorageApi): void {
  router.get("/object/public/:bucket/*path", async (req, res) => {
    const target = objectAt(req, 2);
    const download = downloadParam(req);
    await sendObject(api.runtime, req, res, await publicObject(api, req, res, target), { download });
  });

  router.get("/object/info/public/:bucket/*path", async (req, res) => {
    const target = objectAt(req, 3);
    const row = await publicObject(api, req, res, target);
    res.json(objectInfoOf(objectView(row, target.bucket), row.version));
  });
}
