import { createReadStream, createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { residentMegabytes, startPeakMemory } from "../vector/peak-memory";
import { CLIENT_BUFFER_BYTES } from "./api-transfers";

const BARE_PATH = /^\/bare\/([a-z0-9-]{1,64}\.bin)$/;

/** The control server of a bench server's process: its memory, and bare transfers for reference. */
export interface BenchControlServer {
  url: string;
  close(): void;
}

async function bareTransfer(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  if (req.method === "POST") {
    await pipeline(req, createWriteStream(file, { flush: true, highWaterMark: CLIENT_BUFFER_BYTES }));
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  } else {
    res.writeHead(200, { "content-type": "application/octet-stream" });
    await pipeline(createReadStream(file, { highWaterMark: CLIENT_BUFFER_BYTES }), res);
  }
}

/**
 * Serves, on loopback, GET /memory (this process's resident memory, and its peak since the last
 * POST /memory, which starts a new window) and, given a folder, POST and GET /bare/<name>.bin: a
 * body streamed into a file there (flushed to disk, as the filesystem backend stores) and back,
 * by plain node:http in the same process as the service, with 1 MiB file buffers as the service
 * and the clients use: the floor any HTTP upload stands on.
 */
export async function startBenchControlServer(bareFolder?: string): Promise<BenchControlServer> {
  if (bareFolder) await mkdir(bareFolder, { recursive: true });
  let window = startPeakMemory();
  const server = createServer((req, res) => {
    const bare = BARE_PATH.exec(req.url ?? "");
    if (bare && bareFolder && (req.method === "POST" || req.method === "GET")) {
      bareTransfer(req, res, path.join(bareFolder, bare[1]!)).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      return;
    }
    if (req.url !== "/memory" || (req.method !== "GET" && req.method !== "POST")) {
      res.writeHead(404).end();
      return;
    }
    if (req.method === "POST") {
      window.stop();
      window = startPeakMemory();
    }
    const answer = { residentMegabytes: residentMegabytes(), peakMegabytes: window.peakMegabytes() };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      window.stop();
      server.close();
    },
  };
}
