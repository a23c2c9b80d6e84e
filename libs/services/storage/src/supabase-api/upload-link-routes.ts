import type { Router } from "express";
import { StorageHttpError } from "../http-kit/storage-errors";
import { createSignedUploadUrl } from "../objects/signed-upload";
import { uploadObject } from "../objects/upload-object";
import { linkWriter, openLinkRequest } from "./link-caller";
import { linkPath, verifiedLink } from "./link-tokens";
import { admitWriter } from "./request-caller";
import { objectAt } from "./route-target";
import type { StorageApi } from "./storage-api";
import { uploadBodyOf } from "./upload-body";

/**
 * Signed upload links: POST /object/upload/sign/:bucket/*path makes one for a caller who may
 * write there now, PUT to it uploads anonymously until it expires.
 */
export function mountUploadLinkRoutes(router: Router, api: StorageApi): void {
  router.post("/object/upload/sign/:bucket/*path", async (req, res) => {
    const target = objectAt(req, 3);
    const writer = await admitWriter(api, req, res, "storage:write");
    const upsert = req.headers["x-upsert"] === "true";
    const { token } = await createSignedUploadUrl(api.runtime, writer, { ...target, upsert });
    res.json({ url: linkPath("/object/upload/sign", target, token), token });
  });

  router.put("/object/upload/sign/:bucket/*path", async (req, res) => {
    const target = objectAt(req, 3);
    const { context, organization } = await openLinkRequest(api, req, res);
    const claims = verifiedLink(api.runtime, req, "upload", organization, target);
    if (!organization) throw StorageHttpError.invalidSignature("wrong_target");
    const writer = await linkWriter(context, organization, claims.owner);
    const info = await uploadObject(api.runtime, writer, {
      ...target,
      ...(await uploadBodyOf(req)),
      upsert: claims.upsert ?? false,
      ...(claims.maxBytes !== undefined && { maxBytes: claims.maxBytes }),
    });
    res.json({ Id: info.id, Key: `${target.bucket}/${target.path}` });
  });
}
