import { MAX_SIGNED_URL_SECONDS, objectPathSchema } from "@cauldron/contracts";
import type { Router } from "express";
import { z } from "zod";
import { findBucket } from "../buckets/bucket-queries";
import { StorageHttpError } from "../http-kit/storage-errors";
import { describeObject } from "../objects/open-object";
import { visibleObjectPaths } from "./visible-objects";
import { bodyOf, jsonBody } from "./json-body";
import { openLinkRequest } from "./link-caller";
import { findSignedObject } from "./link-queries";
import { linkPath, signDownload, verifiedLink } from "./link-tokens";
import { admitReader } from "./request-caller";
import { bucketAt, downloadParam, objectAt } from "./route-target";
import { sendObject } from "./send-object";
import type { StorageApi } from "./storage-api";

const expiresIn = z.number().min(1).max(MAX_SIGNED_URL_SECONDS).transform(Math.floor);
const signBodySchema = z.object({
  expiresIn,
  transform: z.undefined("image transformations are not supported").optional(),
});
const signManyBodySchema = z.object({ expiresIn, paths: z.array(z.string()).min(1).max(1000) });

const NOT_VISIBLE = "Either the object does not exist or you do not have access to it";

/** Signed download links: POST /object/sign/:bucket[/*path] makes them, GET /object/sign/:bucket/*path serves them to anyone holding one. */
export function mountSignRoutes(router: Router, api: StorageApi): void {
  router.post("/object/sign/:bucket/*path", jsonBody, async (req, res) => {
    const target = objectAt(req, 2);
    const reader = await admitReader(api, req, res);
    const { expiresIn: seconds } = bodyOf(req, signBodySchema);
    await describeObject(reader, target.bucket, target.path);
    const token = signDownload(api.runtime, reader.organizationId, target, seconds);
    res.json({ signedURL: linkPath("/object/sign", target, token) });
  });

  router.post("/object/sign/:bucket", jsonBody, async (req, res) => {
    const bucket = bucketAt(req, 2);
    const reader = await admitReader(api, req, res);
    const { expiresIn: seconds, paths } = bodyOf(req, signManyBodySchema);
    const valid = paths.filter((path) => objectPathSchema.safeParse(path).success);
    const visible = await reader.tenant(async (trx) => {
      const row = await findBucket(trx, reader.organizationId, bucket);
      if (!row) throw StorageHttpError.bucketNotFound();
      return visibleObjectPaths(trx, row.id, valid);
    });
    res.json(
      paths.map((path) => {
        if (!visible.has(path)) return { error: NOT_VISIBLE, path, signedURL: null };
        const token = signDownload(api.runtime, reader.organizationId, { bucket, path }, seconds);
        return { error: null, path, signedURL: linkPath("/object/sign", { bucket, path }, token) };
      }),
    );
  });

  router.get("/object/sign/:bucket/*path", async (req, res) => {
    const target = objectAt(req, 2);
    const download = downloadParam(req);
    const { context, organization } = await openLinkRequest(api, req, res);
    const claims = verifiedLink(api.runtime, req, "download", organization, target);
    const { row } = await findSignedObject(context.db, { organizationId: claims.org, ...target });
    if (!row) throw StorageHttpError.objectNotFound();
    await sendObject(api.runtime, req, res, row, { download, expiresAt: new Date(claims.exp * 1000) });
  });
}
