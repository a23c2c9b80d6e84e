import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { initTRPC, type AnyTRPCRouter } from "@trpc/server";
import type { OperationLink, TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createServiceClient } from "./create-service-client";
import { loneOrBatchLink } from "./lone-or-batch-link";

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

  it("delivers nothing to a caller after it unsubscribed, not even the completion", async () => {
    // A link that answers and then completes at once, as tRPC's HTTP links do.
    const answering: TRPCLink<AnyTRPCRouter> = () => () =>
      observable((observer) => {
        observer.next({ result: { type: "data", data: "answer" } });
        observer.complete();
      });
    const operation = loneOrBatchLink({ lone: answering, batch: answering })({}) as OperationLink<AnyTRPCRouter>;
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      const subscription = operation({
        op: { id: 1, type: "query", path: "echo", input: undefined, context: {}, signal: null },
        next: () => {
          throw new Error("a terminating link has no next link");
        },
      }).subscribe({
        next: () => {
          seen.push("next");
          subscription.unsubscribe();
          setImmediate(resolve);
        },
        complete: () => seen.push("complete"),
      });
    });
    expect(seen).toEqual(["next"]);
  });

  it("aborts no controller for a call that succeeded", async () => {
    const client = createServiceClient<typeof router>({ url });
    await client.echo.query({ value: 0 });
    const abort = vi.spyOn(AbortController.prototype, "abort");
    try {
      expect(await client.echo.query({ value: 1 })).toEqual({ value: 1, at: new Date(0) });
      expect(await Promise.all([2, 3].map((value) => client.echo.query({ value })))).toHaveLength(2);
      expect(abort).not.toHaveBeenCalled();
    } finally {
      abort.mockRestore();
    }
  });

  it("still rejects a call whose link completes without an answer", async () => {
    const silent: TRPCLink<AnyTRPCRouter> = () => () => observable((observer) => observer.complete());
    const operation = loneOrBatchLink({ lone: silent, batch: silent })({}) as OperationLink<AnyTRPCRouter>;
    const seen = await new Promise<string>((resolve) => {
      operation({
        op: { id: 1, type: "query", path: "echo", input: undefined, context: {}, signal: null },
        next: () => {
          throw new Error("a terminating link has no next link");
        },
      }).subscribe({ next: () => resolve("next"), complete: () => resolve("complete") });
    });
    expect(seen).toBe("complete");
  });
});
