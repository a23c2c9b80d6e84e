import type { MetadataFilter } from "@cauldron/contracts";
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Lane } from "./query-load";
import { baseRowOf, formatQueries, queryVector, type SearchAnswer, type SearchCase } from "./search-case";
import type { SearchDuties } from "./search-duties";
import type { IndexSearch } from "./search-lanes";

/** What the bare route takes: the query vector as numbers and, for a filtered search, the filter. */
interface BareSearchBody {
  vector: number[];
  filter?: MetadataFilter;
}

/**
 * The least any HTTP search service does, as a floor for the service's own figures: a node:http
 * route in this process that reads a JSON body, hands its vector to the SQL baseline's search and
 * answers the ids as JSON; no framework, authentication or validation, and, unless given the
 * service's duties (search-duties.ts), no access look-up or query log either.
 */
export interface BareSearchRoute {
  /** One lane per socket of a keep-alive agent, each posting the case's query vectors. */
  lanes(searchCase: SearchCase, rowOfId: ReadonlyMap<string, number>, count: number): Lane<SearchAnswer>[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function serveSearch(
  search: IndexSearch,
  duties: SearchDuties | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const startedAt = performance.now();
    const body = JSON.parse(await readBody(req)) as BareSearchBody;
    // A JSON array of numbers is already pgvector's text form.
    const found = await search(JSON.stringify(body.vector), body.filter);
    duties?.record(body.vector, found, performance.now() - startedAt);
    answer(res, 200, JSON.stringify({ ids: found.map((row) => row.id) }));
  } catch (error) {
    answer(res, 500, JSON.stringify({ error: String(error) }));
  }
}

function post(agent: Agent, port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: "127.0.0.1",
        port,
        path: "/search",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (incoming) => {
        readBody(incoming).then((text) => {
          if (incoming.statusCode === 200) resolve(text);
          else reject(new Error(`the bare route answered ${incoming.statusCode}: ${text}`));
        }, reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
}

/**
 * Starts the bare route over `search` on a free loopback port; with `duties`, each search answered
 * is queued for the query log (the access look-up belongs in `search`: sqlIndexSearch's `access`).
 */
export async function startBareSearchRoute(search: IndexSearch, duties?: SearchDuties): Promise<BareSearchRoute> {
  const server = createServer((req, res) => void serveSearch(search, duties, req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const agents: Agent[] = [];
  return {
    lanes(searchCase, rowOfId, count) {
      formatQueries(searchCase);
      const agent = new Agent({ keepAlive: true, maxSockets: count });
      agents.push(agent);
      const lane: Lane<SearchAnswer> = async (position) => {
        const filter = searchCase.filterOf?.(position);
        const body: BareSearchBody = {
          vector: queryVector(searchCase, position).numbers,
          ...(filter ? { filter } : {}),
        };
        const { ids } = JSON.parse(await post(agent, port, JSON.stringify(body))) as { ids: string[] };
        return { rows: ids.map((id) => baseRowOf(rowOfId, id)), strategy: "index" };
      };
      return Array.from({ length: count }, () => lane);
    },
    async close() {
      await duties?.settled();
      for (const agent of agents) agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
