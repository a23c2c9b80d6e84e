import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { initTRPC } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createServiceClient } from "./create-service-client";

const t = initTRPC.create({ transformer: superjson });
const router = t.router({
  echo: t.procedure
    .input(z.object({ value: z.number() }))
    .query(({ input }) => ({ value: input.value, at: new Date(0) })),
  slow: t.procedure.query(() => new Promise<string>((resolve) => setTimeout(() => resolve("late"), 200))),
});

let server: Server;
let url: string;
const requests: string[] = [];

beforeAll(async () => {
  const handler = createHTTPHandler({ router, basePath: "/trpc/", allowMethodOverride: true });
  server = createServer((req, res) => {
    requests.push(req.url ?? "");
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("the service client's HTTP link", () => {
  it("sends a call made alone as a request of its own, answered as the router typed it", async () => {
    const client = createServiceClient<typeof router>({ url });
    requests.length = 0;
    expect(await client.echo.query({ value: 1 })).toEqual({ value: 1, at: new Date(0) });
    expect(await client.echo.query({ value: 2 })).toEqual({ value: 2, at: new Date(0) });
    expect(requests).toEqual(["/trpc/echo", "/trpc/echo"]);
  });

  it("sends calls made together as one batch, each answered in its place", async () => {
    const client = createServiceClient<typeof router>({ url });
    requests.length = 0;
    const answers = await Promise.all([1, 2, 3].map((value) => client.echo.query({ value })));
    expect(answers.map((answer) => answer.value)).toEqual([1, 2, 3]);
    expect(requests).toEqual(["/trpc/echo,echo,echo?batch=1"]);
  });

  it("aborts a call in flight when its signal fires", async () => {
    const client = createServiceClient<typeof router>({ url });
    const aborted = new AbortController();
    const pending = client.slow.query(undefined, { signal: aborted.signal });
    setTimeout(() => aborted.abort(), 20);
    await expect(pending).rejects.toThrow(/abort/i);
  });
});
