/** Why one target's page could not be read, in words safe to log (no URL, no body). */
export class ScrapeFailure extends Error {
  override readonly name = "ScrapeFailure";
}

/** How one page is fetched. */
export interface PageLimits {
  timeoutMs: number;
  maxBytes: number;
  /** Stops the fetch when the job is stopped. */
  signal: AbortSignal;
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > maxBytes) throw new ScrapeFailure(`its page is larger than ${maxBytes} bytes`);
  if (!response.body) return "";
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of response.body) {
    length += part.byteLength;
    // Leaving the loop cancels the rest of the body.
    if (length > maxBytes) throw new ScrapeFailure(`its page is larger than ${maxBytes} bytes`);
    parts.push(part);
  }
  return Buffer.concat(parts).toString("utf8");
}

/**
 * GETs a /metrics page within a deadline and a size cap. Redirects are not followed: a metrics
 * page that moves is a configuration to fix, not a place to be led to. Throws ScrapeFailure.
 */
export async function fetchMetricsPage(url: string, limits: PageLimits): Promise<string> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await fetch(url, {
      headers: { accept: "text/plain;version=0.0.4;q=1, */*;q=0.1" },
      redirect: "manual",
      signal: AbortSignal.any([limits.signal, deadline]),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new ScrapeFailure(`it answered HTTP ${response.status}`);
    }
    return await readCapped(response, limits.maxBytes);
  } catch (error) {
    if (error instanceof ScrapeFailure) throw error;
    if (limits.signal.aborted) throw new ScrapeFailure("the scrape was stopped");
    if (deadline.aborted) throw new ScrapeFailure(`it did not answer within ${limits.timeoutMs} ms`);
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    throw new ScrapeFailure(`it could not be reached${typeof code === "string" ? ` (${code})` : ""}`);
  }
}
