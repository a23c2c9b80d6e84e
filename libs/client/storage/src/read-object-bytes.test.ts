import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ObjectReadError } from "./object-read-error";
import { readObjectBytes, type ObjectBytesRequest } from "./read-object-bytes";

type Route = (req: IncomingMessage, res: ServerResponse) => void;

// A stand-in for storage's HTTP API on loopback, answering each object route as a test tells it.
let server: Server;
let url: string;
let routes: { info: Route; bytes: Route };
let seen: string[];

const BYTES = Buffer.from("# Spells\n\nA list of spells.");
const CHECKSUM = createHash("sha256").update(BYTES).digest("hex");

function answerInfo(size = BYTES.length, checksum = CHECKSUM): Route {
  return (_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        id: "0b8f8a57-7d0c-4b8e-9d55-2f6f8c3b2a10",
        name: "notes/spells list.md",
        bucket_id: "books",
        size,
        content_type: "text/markdown",
        etag: `"${checksum}"`,
      }),
    );
  };
}

const answerBytes: Route = (_req, res) => {
  res.setHeader("etag", `"${CHECKSUM}"`);
  res.setHeader("content-length", BYTES.length);
  res.end(BYTES);
};

const refuse =
  (status: number): Route =>
  (_req, res) => {
    res.statusCode = status;
    res.end(JSON.stringify({ statusCode: String(status), error: "refused", message: "refused" }));
  };

function request(overrides: Partial<ObjectBytesRequest> = {}): ObjectBytesRequest {
  return {
    url,
    organizationId: "acme",
    bucket: "books",
    path: "notes/spells list.md",
    token: "t0k",
    maxBytes: 1_000,
    ...overrides,
  };
}

async function failureOf(read: Promise<unknown>): Promise<ObjectReadError> {
  const error = await read.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof ObjectReadError)) throw new Error(`expected an ObjectReadError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.authorization}`);
    const route = req.url?.startsWith("/orgs/acme/object/info/") ? routes.info : routes.bytes;
    route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  routes = { info: answerInfo(), bytes: answerBytes };
  seen = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("readObjectBytes", () => {
  it("reads the info and then the bytes with the bearer token, each path segment encoded", async () => {
    const read = await readObjectBytes(request());
    expect(read.info).toEqual({
      id: "0b8f8a57-7d0c-4b8e-9d55-2f6f8c3b2a10",
      bucket: "books",
      path: "notes/spells list.md",
      size: BYTES.length,
      mimeType: "text/markdown",
      checksum: CHECKSUM,
    });
    expect(Buffer.from(read.bytes)).toEqual(BYTES);
    expect(seen).toEqual([
      "/orgs/acme/object/info/books/notes/spells%20list.md Bearer t0k",
      "/orgs/acme/object/books/notes/spells%20list.md Bearer t0k",
    ]);
  });

  it("refuses an object over the limit, or one the caller declines, from its info without downloading it", async () => {
    expect((await failureOf(readObjectBytes(request({ maxBytes: 10 })))).reason).toBe("too_large");
    expect(
      (await failureOf(readObjectBytes(request({ accept: (info) => info.mimeType === "application/pdf" })))).reason,
    ).toBe("not_accepted");
    expect(seen.every((line) => line.startsWith("/orgs/acme/object/info/"))).toBe(true);
  });

  it("cuts off a download that grows past the limit its info promised to keep", async () => {
    routes.info = answerInfo(100);
    routes.bytes = (_req, res) => {
      res.setHeader("etag", `"${CHECKSUM}"`);
      for (let part = 0; part < 20; part += 1) res.write(Buffer.alloc(100, 0x61));
      res.end();
    };
    expect((await failureOf(readObjectBytes(request({ maxBytes: 500 })))).reason).toBe("too_large");
  });

  it("tells a missing object from a hidden one, and both from bytes replaced between info and download", async () => {
    routes.info = refuse(404);
    expect(await failureOf(readObjectBytes(request()))).toMatchObject({ reason: "not_found", status: 404 });
    routes.info = refuse(403);
    expect(await failureOf(readObjectBytes(request()))).toMatchObject({ reason: "forbidden", status: 403 });
    routes.info = answerInfo(BYTES.length, "0".repeat(64));
    expect((await failureOf(readObjectBytes(request()))).reason).toBe("changed");
  });

  it("answers unavailable when storage cannot be reached, and rejected for an answer that is not an object's info", async () => {
    expect((await failureOf(readObjectBytes(request({ url: "http://127.0.0.1:9" })))).reason).toBe("unavailable");
    routes.info = (_req, res) => res.end(JSON.stringify({ hello: "world" }));
    expect((await failureOf(readObjectBytes(request()))).reason).toBe("rejected");
  });
});
