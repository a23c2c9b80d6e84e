import { TRPCError, type AnyTRPCProcedure, type AnyTRPCRouter } from "@trpc/server";
import {
  getErrorShape,
  getHTTPStatusCodeFromError,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
} from "@trpc/server/unstable-core-do-not-import";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestContext } from "../context";

type ProcedureType = "query" | "mutation";

export interface DirectCallOptions {
  router: AnyTRPCRouter;
  createContext: () => Promise<RequestContext>;
  /** Told of every failed call, as tRPC's own handler tells its onError. */
  onError: (failure: { error: TRPCError; path: string; ctx: RequestContext | undefined }) => void;
  /** POST may carry a query, whose input can outgrow a URL. */
  allowMethodOverride: boolean;
}

/** A call the direct path can answer: one query or mutation, with its input still as JSON text. */
interface DirectCall {
  path: string;
  procedure: AnyTRPCProcedure;
  type: ProcedureType;
  inputText: string | null;
}

function isStreamLike(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  return Symbol.asyncIterator in value || value instanceof ReadableStream;
}

async function directCallOf(
  req: IncomingMessage & { body?: unknown },
  encodedPath: string,
  query: string,
  options: DirectCallOptions,
): Promise<DirectCall | null> {
  if (req.method !== "GET" && req.method !== "POST") return null;
  // Streamed and batched answers keep tRPC's own handler.
  if (req.headers["trpc-accept"] !== undefined || req.headers.accept === "application/jsonl") return null;
  const search = new URLSearchParams(query);
  if (search.has("batch")) return null;
  let path: string;
  try {
    path = decodeURIComponent(encodedPath);
  } catch {
    return null;
  }
  if (path === "" || path.includes(",")) return null;
  const procedure = (await getProcedureAtPath(options.router, path)) as AnyTRPCProcedure | null;
  const type = procedure?._def?.type;
  if (!procedure || (type !== "query" && type !== "mutation")) return null;
  if (req.method === "GET") {
    return type === "query" ? { path, procedure, type, inputText: search.get("input") || null } : null;
  }
  const body = req.body;
  if (typeof body !== "string") return null;
  if (type === "query" && !options.allowMethodOverride) return null;
  return { path, procedure, type, inputText: body === "" ? null : body };
}

/**
 * Answers one tRPC query or mutation straight from Node's request and response, with tRPC's own
 * procedure call, error shapes, status codes and transformer, but without the Fetch-API round trip
 * its handler makes (Request, Response, Headers, abort signals, web streams), which cost about two
 * thirds of the server's CPU for a trivial call. Batches, streams, subscriptions and anything
 * malformed are left to tRPC's handler: false means nothing was answered.
 */
export async function answerDirectly(
  req: IncomingMessage & { body?: unknown },
  res: ServerResponse,
  encodedPath: string,
  query: string,
  options: DirectCallOptions,
): Promise<boolean> {
  const call = await directCallOf(req, encodedPath, query, options);
  if (!call) return false;
  const config = options.router._def._config;
  // The input is parsed when the procedure first asks for it, and text that does not parse or
  // decode is the caller's mistake, as in tRPC's handler.
  let input: { value: unknown } | undefined;
  const getRawInput = async () => {
    if (input) return input.value;
    try {
      const json: unknown = call.inputText === null ? undefined : JSON.parse(call.inputText);
      input = { value: json === undefined ? undefined : config.transformer.input.deserialize(json) };
    } catch (cause) {
      if (cause instanceof TRPCError) throw cause;
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: cause instanceof Error ? cause.message : "Invalid input",
        cause,
      });
    }
    return input.value;
  };
  const cancelled = new AbortController();
  const cancel = () => {
    if (!res.writableFinished) cancelled.abort();
  };
  res.once("close", cancel);

  let ctx: RequestContext | undefined;
  let body: unknown;
  let error: TRPCError | undefined;
  try {
    ctx = await options.createContext();
    const data: unknown = await call.procedure({
      path: call.path,
      getRawInput,
      ctx,
      type: call.type,
      signal: cancelled.signal,
      batchIndex: 0,
    });
    if (isStreamLike(data)) {
      throw new TRPCError({
        code: "UNSUPPORTED_MEDIA_TYPE",
        message: "Cannot use stream-like response in non-streaming request - use httpBatchStreamLink",
      });
    }
    body = { result: { data } };
  } catch (cause) {
    error = getTRPCErrorFromUnknown(cause);
    options.onError({ error, path: call.path, ctx });
    body = {
      error: getErrorShape({ config, ctx, error, input: input?.value, path: call.path, type: call.type }),
    };
  }
  res.off("close", cancel);
  const text = JSON.stringify(transformTRPCResponse(config, body as Parameters<typeof transformTRPCResponse>[1]));
  res.statusCode = error ? getHTTPStatusCodeFromError(error) : 200;
  res.setHeader("vary", "trpc-accept, accept");
  res.setHeader("content-type", "application/json");
  res.end(text);
  return true;
}
