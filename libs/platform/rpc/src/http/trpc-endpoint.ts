import { TRPCError, type AnyTRPCRouter } from "@trpc/server";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { respondWithHttpError } from "./error-response";
import { carriesJsonBody, readJsonBody } from "./json-body";
import { deeplyNestedJsonError } from "./json-input-guard";
import { createBodyLimits } from "./procedure-body-limit";
import type { RequestContextFactory } from "./request-context";
import { pathOf, trpcCallsOf } from "./request-labels";

export interface TrpcEndpointOptions {
  router: AnyTRPCRouter;
  createContext: RequestContextFactory;
  logger: Logger;
  /** The body limit of procedures that state none with `.meta({ bodyLimit })`. */
  bodyLimitBytes: number;
  maxBatchSize: number;
}

/** Serves one request under /trpc; answers every failure itself. */
export type TrpcEndpoint = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves /trpc straight through tRPC's Node handler (no web framework on the hot path), after the
 * kit's checks, in this order: a batch over the cap is refused before anything is parsed, a JSON
 * body is read as text within the body limit, and JSON nested too deep is refused before any
 * parser sees it. Subscriptions stream through the same handler.
 */
export function createTrpcEndpoint(options: TrpcEndpointOptions): TrpcEndpoint {
  const { router, createContext, logger, bodyLimitBytes, maxBatchSize } = options;
  const bodyLimits = createBodyLimits(router, bodyLimitBytes);

  const serve = async (req: IncomingMessage & { body?: string }, res: ServerResponse, target: string) => {
    const names = trpcCallsOf(target) ?? [];
    const calls = names.length;
    if (calls > maxBatchSize) {
      const message = `A batch may carry at most ${maxBatchSize} calls and this one has ${calls}; split it into smaller batches`;
      throw new TRPCError({ code: "BAD_REQUEST", message });
    }
    // tRPC takes a string req.body as it is, so the text can be checked before it is parsed.
    // Bulk procedures state a larger limit; a batch may send what its most generous call may.
    const bodyLimit = bodyLimits.forCalls(names);
    if (carriesJsonBody(req)) req.body = await readJsonBody(req, bodyLimit);
    const tooDeep = deeplyNestedJsonError(req.body, target);
    if (tooDeep) throw tooDeep;
    const path = pathOf(target);
    await nodeHTTPRequestHandler({
      router,
      req,
      res,
      path: path.slice(path.lastIndexOf("/") + 1),
      maxBodySize: bodyLimit,
      maxBatchSize,
      // Queries may come as POST: a query's input (a 1,536-number vector) outgrows a URL.
      allowMethodOverride: true,
      createContext: ({ req: request, res: response }) => createContext(request, response),
      onError: ({ error, path: procedure, ctx }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          logger.error({ err: error.cause ?? error, path: procedure, requestId: ctx?.requestId }, "procedure failed");
        }
      },
    });
  };

  return (req, res) => {
    const target = req.url ?? "/";
    serve(req, res, target).catch((error: unknown) => {
      // A body left unread would be taken for the next request on this connection.
      if (!req.readableEnded) res.setHeader("connection", "close");
      respondWithHttpError(req, res, error, logger);
    });
  };
}
