import type { IncomingMessage } from "node:http";
import { PassThrough, type Readable } from "node:stream";

/**
 * The request body as a stream that ends cleanly when the client goes away mid-body, instead of
 * failing: the bytes that did arrive are stored as a part, so the client resumes after them.
 * `stop` cuts it short with an error (nothing is kept), for when the upload must not take the bytes.
 */
export function bytesUntilDisconnect(req: IncomingMessage): { body: Readable; stop(reason: Error): void } {
  const body = new PassThrough();
  const endCleanly = () => {
    req.unpipe(body);
    if (!body.writableEnded && !body.destroyed) body.end();
  };
  req.pipe(body);
  // An aborted request errors (ECONNRESET) and closes without ever ending; either way, what was piped so far stays.
  req.once("error", endCleanly);
  req.once("close", endCleanly);
  return {
    body,
    stop(reason) {
      req.unpipe(body);
      body.destroy(reason);
    },
  };
}
