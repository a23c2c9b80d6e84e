import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeHttpFetch } from "./node-http-fetch";

let server: Server;
let base: string;
const received: { method?: string; url?: string; headers: IncomingMessage["headers"]; body: string }[] = [];
const peers = new Set<string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      peers.add(`${req.socket.remotePort}`);
      if (req.url === "/hang") return;
      if (req.url === "/cut") {
        res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        res.write('{"partial":');
        setTimeout(() => res.destroy(), 20);
        return;
      }
      const status = req.url === "/missing" ? 404 : 200;
      res.writeHead(status, { "content-type": "application/json", "x-request-id": "req-1" });
      res.end(JSON.stringify({ echoed: received.at(-1)?.body ?? null, grüße: "世界" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("nodeHttpFetch", () => {
  it("sends the method, headers and body, and answers status, headers and JSON as fetch would", async () => {
    const response = await nodeHttpFetch(`${base}/trpc/echo?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer token" },
      body: JSON.stringify({ value: 1 }),
    });
    expect(received.at(-1)).toMatchObject({
      method: "POST",
      url: "/trpc/echo?batch=1",
      headers: { authorization: "Bearer token", "content-type": "application/json" },
      body: '{"value":1}',
    });
    expect(response).toMatchObject({ ok: true, status: 200, url: `${base}/trpc/echo?batch=1` });
    expect(response.headers.get("x-request-id")).toBe("req-1");
    expect(await response.json()).toEqual({ echoed: '{"value":1}', grüße: "世界" });
  });

  it("answers an error status as a response, not a rejection", async () => {
    const response = await nodeHttpFetch(`${base}/missing`);
    expect(response).toMatchObject({ ok: false, status: 404 });
  });

  it("reuses a kept-alive socket for calls made one after another", async () => {
    await nodeHttpFetch(`${base}/first`);
    const before = peers.size;
    for (let call = 0; call < 5; call += 1) await nodeHttpFetch(`${base}/again`);
    expect(peers.size).toBe(before);
  });

  it("rejects as fetch does when nothing answers: a TypeError whose cause names the socket error", async () => {
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, "127.0.0.1", resolve));
    const closed = `http://127.0.0.1:${(spare.address() as AddressInfo).port}`;
    await new Promise((resolve) => spare.close(resolve));
    const failure = await nodeHttpFetch(closed).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).cause).toMatchObject({ code: "ECONNREFUSED" });
  });

  it("rejects when the connection closes before the answer ends", async () => {
    await expect(nodeHttpFetch(`${base}/cut`)).rejects.toBeInstanceOf(TypeError);
  });

  it("rejects with the signal's reason when aborted, before or while waiting", async () => {
    await expect(nodeHttpFetch(`${base}/hang`, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    const waiting = nodeHttpFetch(`${base}/hang`, { signal: AbortSignal.timeout(50) });
    await expect(waiting).rejects.toMatchObject({ name: "TimeoutError" });
  });
});
