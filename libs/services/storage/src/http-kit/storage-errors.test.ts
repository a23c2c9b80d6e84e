import { StorageApiError, StorageClient } from "@supabase/storage-js";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseObjectPath } from "./object-path";
import { asStorageHttpError, StorageHttpError, supabaseErrorBody } from "./storage-errors";

let answer = StorageHttpError.objectNotFound();
let server: Server;
let client: StorageClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = JSON.stringify(supabaseErrorBody(answer));
    res.writeHead(answer.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  client = new StorageClient(`http://127.0.0.1:${port}/orgs/3f1c2a4e/storage/v1`, { Authorization: "Bearer t" });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const everyError = [
  StorageHttpError.objectNotFound(),
  StorageHttpError.bucketNotFound(),
  StorageHttpError.invalidRequest("expiresIn must be a positive number of seconds"),
  StorageHttpError.unauthenticated("Send a bearer token"),
  StorageHttpError.invalidSignature("expired"),
  StorageHttpError.objectExists(),
  StorageHttpError.payloadTooLarge(),
  StorageHttpError.invalidMimeType("text/html"),
  StorageHttpError.quotaExceeded("bytes"),
  StorageHttpError.rangeNotSatisfiable(),
  StorageHttpError.internal(),
];

describe("Supabase-shaped error bodies", () => {
  it("carry the status as a string, the short error, the code and the message", () => {
    expect(supabaseErrorBody(StorageHttpError.objectNotFound())).toEqual({
      statusCode: "404",
      error: "not_found",
      code: "NoSuchKey",
      message: "Object not found",
    });
    expect(supabaseErrorBody(StorageHttpError.objectExists())).toEqual({
      statusCode: "409",
      error: "Duplicate",
      code: "KeyAlreadyExists",
      message: "The resource already exists",
    });
    expect(supabaseErrorBody(StorageHttpError.invalidMimeType("image/svg+xml"))).toEqual({
      statusCode: "415",
      error: "invalid_mime_type",
      code: "InvalidMimeType",
      message: "mime type image/svg+xml is not supported",
    });
  });

  it("reach storage-js as a StorageApiError with the same message and status", async () => {
    for (const error of everyError) {
      answer = error;
      const bucket = await client.getBucket("avatars");
      expect(bucket.error).toBeInstanceOf(StorageApiError);
      expect(bucket.error).toMatchObject({
        message: error.message,
        status: error.status,
        statusCode: `${error.status}`,
      });
      const download = await client.from("avatars").download("a/b.png");
      expect(download.error).toMatchObject({ message: error.message, status: error.status });
    }
  });

  it("let storage-js tell a missing object from a present one", async () => {
    answer = StorageHttpError.objectNotFound();
    expect((await client.from("avatars").exists("missing.png")).data).toBe(false);
  });
});

describe("refusals of signed links", () => {
  it("tell a malformed token from a bad or expired signature", () => {
    expect(StorageHttpError.invalidSignature("malformed")).toMatchObject({ status: 400, code: "InvalidJWT" });
    for (const reason of ["unknown_key", "bad_signature", "wrong_target"] as const) {
      expect(StorageHttpError.invalidSignature(reason)).toMatchObject({ status: 403, code: "InvalidSignature" });
    }
    expect(StorageHttpError.invalidSignature("expired")).toMatchObject({ status: 403, code: "ExpiredToken" });
  });
});

describe("turning whatever a route throws into an answer", () => {
  it("keeps storage errors, answers a bad object path as InvalidKey and hides everything else", () => {
    const conflict = StorageHttpError.bucketNotEmpty();
    expect(asStorageHttpError(conflict)).toBe(conflict);

    let pathError: unknown;
    try {
      parseObjectPath("a/%2e%2e/b");
    } catch (error) {
      pathError = error;
    }
    expect(supabaseErrorBody(asStorageHttpError(pathError))).toEqual({
      statusCode: "400",
      error: "InvalidKey",
      code: "InvalidKey",
      message: 'Invalid key: the object path has a "." or ".." segment',
    });

    const hidden = asStorageHttpError(new Error("relation storage.objects does not exist"));
    expect(supabaseErrorBody(hidden)).toEqual({
      statusCode: "500",
      error: "Internal",
      code: "InternalError",
      message: "Internal server error",
    });
  });
});
