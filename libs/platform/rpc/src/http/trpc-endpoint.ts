import { TRPCError, type AnyTRPCRouter } from "@trpc/server";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { RequestContext } from "../context";
import { answerDirectly } from "./direct-call";
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
 * Serves /trpc without a web framework on the hot path, after the kit's checks, in this order: a
 * batch over the cap is refused before anything is parsed, a JSON body is read as text within the
 * body limit, and JSON nested too deep is refused before any parser sees it. A lone query or
 * mutation is then answered directly (see direct-call.ts); batches and subscriptions stream
 * through tRPC's Node handler.
 */
export function createTrpcEndpoint(options: TrpcEndpointOptions): TrpcEndpoint {
  const { router, createContext, logger, bodyLimitBytes, maxBatchSize } = options;
  const bodyLimits = createBodyLimits(router, bodyLimitBytes);

  const reportFailure = (failure: { error: TRPCError; path: string | undefined; ctx?: RequestContext }) => {
    if (failure.error.code !== "INTERNAL_SERVER_ERROR") return;
    const { error, path, ctx } = failure;
    logger.error({ err: error.cause ?? error, path, requestId: ctx?.requestId }, "procedure failed");
  };

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
    const procedurePath = path.slice(path.lastIndexOf("/") + 1);
    const queryStart = target.indexOf("?");
    const answered = await answerDirectly(
      req,
      res,
      procedurePath,
      queryStart === -1 ? "" : target.slice(queryStart + 1),
      {
        router,
        createContext: () => createContext(req, res),
        onError: reportFailure,
        allowMethodOverride: true,
      },
    );
    if (answered) return;
    await nodeHTTPRequestHandler({
      router,
      req,
      res,
      path: procedurePath,
      maxBodySize: bodyLimit,
      maxBatchSize,
      // Queries may come as POST: a query's input (a 1,536-number vector) outgrows a URL.
      allowMethodOverride: true,
      createContext: ({ req: request, res: response }) => createContext(request, response),
      onError: reportFailure,
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
