import type { IncomingMessage } from "node:http";
import { replyForStatus } from "./error-response";

/** A request body refused before it was read whole, with the HTTP status that says why. */
export class RefusedBodyError extends Error {
  constructor(readonly status: number) {
    super(replyForStatus(status).message);
    this.name = "RefusedBodyError";
  }
}

function mediaTypeOf(contentType: string | undefined): { type: string; charset: string | null } {
  const [type = "", ...parameters] = (contentType ?? "").split(";");
  const charset = parameters
    .map((parameter) => parameter.trim().toLowerCase())
    .find((parameter) => parameter.startsWith("charset="));
  return {
    type: type.trim().toLowerCase(),
    charset: charset ? charset.slice("charset=".length).replace(/"/g, "") : null,
  };
}

/** Whether the request carries a JSON body for the kit to read itself (other bodies go to tRPC as streams). */
export function carriesJsonBody(req: IncomingMessage): boolean {
  const hasBody = req.headers["transfer-encoding"] !== undefined || req.headers["content-length"] !== undefined;
  return hasBody && mediaTypeOf(req.headers["content-type"]).type === "application/json";
}

/**
 * Reads a JSON request body as UTF-8 text, up to `limitBytes`. Refuses (before reading, when it
 * can) a body over the limit (413), a compressed body or another charset (415), and a body shorter
 * or longer than its Content-Length (400).
 */
export function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const { charset } = mediaTypeOf(req.headers["content-type"]);
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
  if ((charset !== null && charset !== "utf-8" && charset !== "utf8") || encoding !== "identity") {
    return Promise.reject(new RefusedBodyError(415));
  }
  const declared = req.headers["content-length"] === undefined ? null : Number(req.headers["content-length"]);
  if (declared !== null && declared > limitBytes) return Promise.reject(new RefusedBodyError(413));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = (error: RefusedBodyError) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) stop(new RefusedBodyError(413));
      else chunks.push(chunk);
    };
    const onEnd = () => {
      if (declared !== null && declared !== received) stop(new RefusedBodyError(400));
      else resolve(Buffer.concat(chunks, received).toString("utf8"));
    };
    const onError = () => stop(new RefusedBodyError(400));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}
