import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startRoundRobinProxy, type RoundRobinProxy } from "./round-robin-proxy";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const servers: Server[] = [];
let proxy: RoundRobinProxy | undefined;

async function listen(handler: Handler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A URL where nothing listens: a port that was just given back. */
async function closedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const named =
  (name: string): Handler =>
  (_request, response) =>
    response.end(name);

async function bodies(url: string, count: number): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < count; i += 1) answers.push(await (await fetch(url)).text());
  return answers;
}

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("round-robin proxy", () => {
  it("hands each request to the next replica in turn", async () => {
    const upstreams = [await listen(named("a")), await listen(named("b"))];
    proxy = await startRoundRobinProxy({ name: "org", upstreams });

    expect(await bodies(`${proxy.url}/ping`, 4)).toEqual(["a", "b", "a", "b"]);
    expect(proxy.counts().requestsByReplica).toEqual({ [upstreams[0] as string]: 2, [upstreams[1] as string]: 2 });
  });

  it("skips a replica that refuses connections without failing a request", async () => {
    const live = await listen(named("live"));
    proxy = await startRoundRobinProxy({ name: "org", upstreams: [await closedUrl(), live] });

    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await fetch(`${proxy.url}/ping`, { method: "POST", body: "x" });
      statuses.push(response.status);
      expect(await response.text()).toBe("live");
    }

    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(proxy.counts()).toMatchObject({ retriedConnects: 2, unavailable: 0, requestsByReplica: { [live]: 4 } });
  });

  it("streams a request body through and names the client in x-forwarded-for", async () => {
    const upstream = await listen((request, response) => {
      const hash = createHash("sha256");
      let bytes = 0;
      request.on("data", (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      request.on("end", () =>
        response.end(
          JSON.stringify({
            bytes,
            sha256: hash.digest("hex"),
            forwardedFor: request.headers["x-forwarded-for"],
            method: request.method,
            path: request.url,
          }),
        ),
      );
    });
    proxy = await startRoundRobinProxy({ name: "storage", upstreams: [upstream] });
    const upload = Buffer.alloc(6 * 1024 * 1024, "cauldron");

    const response = await fetch(`${proxy.url}/objects/a?b=c`, { method: "PUT", body: upload });

    expect(await response.json()).toEqual({
      bytes: upload.length,
      sha256: createHash("sha256").update(upload).digest("hex"),
      forwardedFor: "127.0.0.1",
      method: "PUT",
      path: "/objects/a?b=c",
    });
  });

  it("passes each server-sent event on as it comes and ends when the replica ends the stream", async () => {
    let finish: (() => void) | undefined;
    const upstream = await listen((_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      response.write("data: first\n\n");
      finish = () => response.end("data: second\n\n");
    });
    proxy = await startRoundRobinProxy({ name: "org", upstreams: [upstream] });

    const response = await fetch(`${proxy.url}/events`);
    const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();

    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect((await reader.read()).value).toBe("data: first\n\n");
    finish?.();
    expect((await reader.read()).value).toBe("data: second\n\n");
    expect((await reader.read()).done).toBe(true);
  });

  it("answers 503 with retry-after when no replica accepts a connection", async () => {
    proxy = await startRoundRobinProxy({ name: "vector", upstreams: [await closedUrl(), await closedUrl()] });

    const response = await fetch(`${proxy.url}/trpc/vector.info`);

    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toEqual({
      error: { code: "SERVICE_UNAVAILABLE", message: "No vector replica accepted the connection; retry shortly" },
    });
    expect(proxy.counts()).toMatchObject({ retriedConnects: 1, unavailable: 1 });
  });
});
