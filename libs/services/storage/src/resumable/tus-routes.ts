import type { RequestContextFactory } from "@cauldron/rpc";
import type { Express, Request, Response } from "express";
import type { StorageRuntime } from "../storage-runtime";
import { admitWriter } from "../supabase-api/request-caller";
import { answerTusFailure } from "./tus-failure";
import * as handlers from "./tus-handlers";
import { TUS_VERSION } from "./tus-protocol";

const UPLOADS = "/orgs/:org/upload/resumable";
const UPLOAD = `${UPLOADS}/:uploadId`;

type TusHandler = (services: handlers.TusServices, req: Request, res: Response) => Promise<void>;

// Clients that cannot send PATCH or DELETE send POST with the method they mean in this header.
const OVERRIDABLE: Record<string, TusHandler> = { PATCH: handlers.answerAppend, DELETE: handlers.answerTermination };

async function answerOverride(services: handlers.TusServices, req: Request, res: Response): Promise<void> {
  const handler = OVERRIDABLE[String(req.headers["x-http-method-override"]).toUpperCase()];
  if (!handler) throw handlers.methodNotAllowed();
  await handler(services, req, res);
}

/**
 * Serves TUS 1.0 resumable uploads at Supabase's `/upload/resumable` under each organization's
 * API root (`/orgs/<id or slug>`): creation, offset, append, termination, expiration.
 */
export function mountResumableUploads(
  app: Express,
  runtime: StorageRuntime,
  createContext: RequestContextFactory,
): void {
  const api = { runtime, createContext };
  const services: handlers.TusServices = { runtime, admit: (req, res) => admitWriter(api, req, res, "storage:write") };
  const serve = (handler: TusHandler) => async (req: Request, res: Response) => {
    res.setHeader("tus-resumable", TUS_VERSION);
    try {
      await handler(services, req, res);
    } catch (error) {
      answerTusFailure(res, error, runtime.dependencies.logger);
    }
  };
  app.options([UPLOADS, UPLOAD], serve(handlers.describeServer));
  app.post(UPLOADS, serve(handlers.answerCreation));
  app.head(UPLOAD, serve(handlers.answerOffset));
  app.patch(UPLOAD, serve(handlers.answerAppend));
  app.delete(UPLOAD, serve(handlers.answerTermination));
  app.post(UPLOAD, serve(answerOverride));
}
