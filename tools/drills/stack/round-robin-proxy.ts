import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { forwardOnce, sendProxyError } from "./forward-request";

/** What a proxy did so far, for the drill table. */
export interface ProxyCounts {
  /** Requests sent to each replica, by its base URL. */
  requestsByReplica: Record<string, number>;
  /** Connections refused by one replica and tried on the next. */
  retriedConnects: number;
  /** Requests answered 503 because no replica accepted a connection. */
  unavailable: number;
}

/** A local stand-in for a Kubernetes Service: one URL in front of a service's replicas. */
export interface RoundRobinProxy {
  url: string;
  counts(): ProxyCounts;
  /**
   * Takes a replica out of rotation or puts it back, as Kubernetes removes a terminating pod from
   * its Service's endpoints: requests already forwarded finish, new ones go to the others.
   */
  setInRotation(address: string, inRotation: boolean): void;
  /** Stops listening and cuts the connections still open (server-sent event streams too). */
  close(): Promise<void>;
}

const optionsSchema = z.object({
  name: z.string().min(1),
  upstreams: z.array(z.url({ protocol: /^http$/ })).min(1),
  port: z.number().int().min(0).max(65_535).default(0),
  connectTimeoutMs: z.number().int().positive().default(2_000),
});

/**
 * Starts an HTTP proxy on 127.0.0.1 that hands each request to the next replica in turn over a
 * new connection. A refused connection is the one failure that happens before a replica saw the
 * request, so only then is the next replica tried (each at most once per request); once sent, a
 * request is never repeated. When no replica accepts, the answer is 503 with `retry-after: 1`.
 */
export async function startRoundRobinProxy(options: {
  name: string;
  upstreams: readonly string[];
  port?: number;
  connectTimeoutMs?: number;
}): Promise<RoundRobinProxy> {
  const settings = optionsSchema.parse(options);
  const upstreams = settings.upstreams.map((address) => new URL(address));
  const counts: ProxyCounts = {
    requestsByReplica: Object.fromEntries(settings.upstreams.map((address) => [address, 0])),
    retriedConnects: 0,
    unavailable: 0,
  };
  let next = 0;
  const outOfRotation = new Set<number>();

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const first = next;
    next = (next + 1) % upstreams.length;
    let tried = 0;
    for (let attempt = 0; attempt < upstreams.length; attempt += 1) {
      const index = (first + attempt) % upstreams.length;
      if (outOfRotation.has(index)) continue;
      if (tried++ > 0) counts.retriedConnects += 1;
      const upstream = upstreams[index] as URL;
      if ((await forwardOnce(upstream, incoming, response, settings.connectTimeoutMs)) === "forwarded") {
        const address = settings.upstreams[index] as string;
        counts.requestsByReplica[address] = (counts.requestsByReplica[address] ?? 0) + 1;
        return;
      }
    }
    counts.unavailable += 1;
    incoming.resume();
    const message = `No ${settings.name} replica accepted the connection; retry shortly`;
    sendProxyError(response, 503, { error: { code: "SERVICE_UNAVAILABLE", message } }, { "retry-after": "1" });
  }

  // No request timeout here: the replicas enforce their own, and streams may stay open for minutes.
  const server = createServer({ requestTimeout: 0 }, (incoming, response) => void handle(incoming, response));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => structuredClone(counts),
    setInRotation(address, inRotation) {
      const index = settings.upstreams.indexOf(address);
      if (index < 0) throw new Error(`${address} is not a replica of ${settings.name}`);
      if (inRotation) outOfRotation.delete(index);
      else outOfRotation.add(index);
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
