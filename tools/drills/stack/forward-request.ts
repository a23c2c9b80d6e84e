import {
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from "node:http";
import { pipeline } from "node:stream";

// Headers that describe one connection, not the message: each hop sets its own.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

function forwardedFor(incoming: IncomingMessage): string {
  const client = incoming.socket.remoteAddress ?? "unknown";
  const earlier = incoming.headers["x-forwarded-for"];
  return earlier ? `${earlier}, ${client}` : client;
}

/** Answers with a JSON error body, for what the proxy itself refuses. */
export function sendProxyError(response: ServerResponse, status: number, body: object, headers = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

/**
 * `refused`: no connection could be opened, so the replica saw nothing and another may take the
 * request, mutations included. `forwarded`: the request went out and is never sent again.
 */
export type ForwardOutcome = "refused" | "forwarded";

/**
 * Opens a new connection to `upstream` and only once it is connected sends the request, streaming
 * the body both ways (so uploads and server-sent events pass as they come). The client's response
 * ends when the upstream's does, and is cut when the upstream's is cut mid-way.
 */
export function forwardOnce(
  upstream: URL,
  incoming: IncomingMessage,
  response: ServerResponse,
  connectTimeoutMs: number,
): Promise<ForwardOutcome> {
  return new Promise((resolve) => {
    const outgoing = request({
      host: upstream.hostname,
      port: upstream.port,
      method: incoming.method,
      path: incoming.url,
      headers: { ...endToEnd(incoming.headers), "x-forwarded-for": forwardedFor(incoming) },
      agent: false,
    });
    let connected = false;
    const connectTimer = setTimeout(() => outgoing.destroy(new Error("connect timeout")), connectTimeoutMs);
    outgoing.once("socket", (socket) =>
      socket.once("connect", () => {
        connected = true;
        clearTimeout(connectTimer);
        resolve("forwarded");
        pipeline(incoming, outgoing, () => {});
      }),
    );
    outgoing.once("response", (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
      response.flushHeaders();
      pipeline(answer, response, () => {});
    });
    outgoing.on("error", () => {
      clearTimeout(connectTimer);
      if (!connected) return resolve("refused");
      sendProxyError(response, 502, {
        error: { code: "BAD_GATEWAY", message: "The replica closed the connection before it answered" },
      });
    });
  });
}
