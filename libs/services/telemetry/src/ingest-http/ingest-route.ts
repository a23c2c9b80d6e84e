import type { RequestContextFactory } from "@cauldron/rpc";
import type { Express, Request, Response } from "express";
import type { Logger } from "pino";
import type { DecodeResult } from "../ingest/protocols";
import { admitIngestWriter } from "./ingest-caller";
import { ingestFailureOf, type IngestFailure } from "./ingest-failure";
import { readIngestBody, type BodyEncoding, type BodyLimits } from "./request-body";
import { storeIngestedPoints, type IngestOutcome } from "./store-ingested-points";

/** What every protocol endpoint shares: authentication, body limits and the log. */
export interface IngestServices {
  createContext: RequestContextFactory;
  limits: BodyLimits;
  logger: Logger;
}

/** How one request of a protocol is read, once its query and headers have been checked. */
export interface IngestRequest {
  /** The organization the request names itself (InfluxDB's `org=`), if it can. */
  organization?: string | undefined;
  decode(body: Buffer): DecodeResult;
}

/** One wire protocol: where it is served, what it takes and how it answers. */
export interface IngestProtocol {
  path: string;
  encodings: readonly BodyEncoding[];
  /** Checks the query and headers (throwing IngestRefusal), before the caller is authenticated. */
  prepare(req: Request): IngestRequest;
  succeed(req: Request, res: Response, outcome: IngestOutcome): void;
  fail(req: Request, res: Response, failure: IngestFailure): void;
}

/**
 * Serves `POST protocol.path`: checks the request, admits the caller as a writer of metrics, reads
 * the body within the limits, decodes it and stores the points that pass the point rules.
 */
export function mountIngestRoute(app: Express, services: IngestServices, protocol: IngestProtocol): void {
  app.post(protocol.path, async (req, res) => {
    try {
      const request = protocol.prepare(req);
      const caller = await admitIngestWriter(req, res, services.createContext, request.organization);
      const body = await readIngestBody(req, services.limits, protocol.encodings);
      protocol.succeed(req, res, await storeIngestedPoints(caller, request.decode(body)));
    } catch (error) {
      const requestId = res.getHeader("x-request-id");
      const failure = ingestFailureOf(error, services.logger, typeof requestId === "string" ? requestId : undefined);
      // Mid-answer, or with the client gone, the connection is cut rather than answered twice.
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      // A body left unread would be taken for the next request on this connection.
      if (!req.readableEnded) res.setHeader("connection", "close");
      protocol.fail(req, res, failure);
    }
  });
}
