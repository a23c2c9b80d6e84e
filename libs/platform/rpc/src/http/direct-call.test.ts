import { initTRPC, TRPCError } from "@trpc/server";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { RequestContext } from "../context";
import { answerDirectly } from "./direct-call";

const t = initTRPC.context<RequestContext>().create({ transformer: superjson, isDev: false });
const testRouter = t.router({
  greet: t.procedure.input(z.object({ name: z.string().min(2) })).query(({ input }) => ({
    text: `hello ${input.name}`,
    at: new Date("2026-01-02T03:04:05Z"),
  })),
  bare: t.procedure.query(() => "no input"),
  rename: t.procedure.input(z.object({ to: z.string() })).mutation(({ input }) => ({ renamed: input.to })),
  refuse: t.procedure.query(() => {
    throw new TRPCError({ code: "FORBIDDEN", message: "not yours" });
  }),
  crash: t.procedure.query(() => {
    throw new Error("a bug");
  }),
});

const context = { requestId: "r-1", principal: null } as unknown as RequestContext;

function serveWith(direct: boolean): Server {
  return createServer((req: IncomingMessage & { body?: string }, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      if (req.method === "POST") req.body = Buffer.concat(chunks).toString("utf8");
      const [path = "", query = ""] = (req.url ?? "").slice("/trpc/".length).split("?");
      const options = { router: testRouter, createContext: async () => context, onError: () => {} };
      if (direct && (await answerDirectly(req, res, path, query, { ...options, allowMethodOverride: true }))) return;
      await nodeHTTPRequestHandler({
        ...options,
        req,
        res,
        path,
        allowMethodOverride: true,
        createContext: async () => context,
      });
    });
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc/`;
}

const input = (value: unknown) => `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(value)))}`;
const json = { "content-type": "application/json" };

const requests: [string, string, RequestInit?][] = [
  ["a query with input", `greet${input({ name: "Ada" })}`],
  ["a query without input", "bare"],
  ["input the procedure refuses", `greet${input({ name: "A" })}`],
  ["input that is not JSON", "greet?input=%7Bnot-json"],
  ["a typed error", "refuse"],
  ["an unexpected error", "crash"],
  [
    "a query sent as POST",
    "greet",
    { method: "POST", headers: json, body: JSON.stringify(superjson.serialize({ name: "Bo" })) },
  ],
  ["a mutation", "rename", { method: "POST", headers: json, body: JSON.stringify(superjson.serialize({ to: "x" })) }],
  ["a mutation sent as GET", `rename${input({ to: "x" })}`],
  ["an unknown procedure", "missing"],
  [
    "a batch",
    `bare,greet?batch=1&input=${encodeURIComponent(JSON.stringify({ 1: superjson.serialize({ name: "Cy" }) }))}`,
  ],
];

describe("answering a call directly", () => {
  const servers = { direct: serveWith(true), handler: serveWith(false) };
  const urls = { direct: "", handler: "" };
  beforeAll(async () => {
    urls.direct = await listen(servers.direct);
    urls.handler = await listen(servers.handler);
  });
  afterAll(() => {
    servers.direct.close();
    servers.handler.close();
  });

  it.each(requests)("answers %s exactly as tRPC's handler does", async (_name, target, init) => {
    const [direct, handler] = await Promise.all(
      [urls.direct, urls.handler].map(async (base) => {
        const response = await fetch(`${base}${target}`, init);
        return {
          status: response.status,
          contentType: response.headers.get("content-type"),
          vary: response.headers.get("vary"),
          body: (await response.json()) as unknown,
        };
      }),
    );
    expect(direct).toEqual(handler);
  });

  it("hands the procedure a signal that aborts when the client goes away", async () => {
    let seen: AbortSignal | undefined;
    const slowRouter = t.router({
      slow: t.procedure.query(async ({ signal }) => {
        seen = signal;
        await new Promise((resolve) => signal?.addEventListener("abort", resolve));
        return "stopped";
      }),
    });
    const server = createServer((req, res) => {
      void answerDirectly(req, res, "slow", "", {
        router: slowRouter,
        createContext: async () => context,
        onError: () => {},
        allowMethodOverride: false,
      });
    });
    const base = await listen(server);
    const client = new AbortController();
    const call = fetch(`${base}slow`, { signal: client.signal }).catch(() => "cancelled");
    await expect.poll(() => seen).toBeDefined();
    client.abort();
    expect(await call).toBe("cancelled");
    await expect.poll(() => seen?.aborted).toBe(true);
    server.close();
  });
});
