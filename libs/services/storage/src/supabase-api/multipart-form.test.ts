import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { MultipartError } from "./multipart-error";
import { multipartBoundary, readMultipartUpload } from "./multipart-form";

const BOUNDARY = "----cauldron-test-boundary";

function formBody(parts: string[], closing = `--${BOUNDARY}--\r\n`): Buffer {
  return Buffer.from(parts.map((part) => `--${BOUNDARY}\r\n${part}\r\n`).join("") + closing, "utf8");
}

const field = (name: string, value: string) => `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;
const file = (content: string, type = "text/plain") =>
  `Content-Disposition: form-data; name=""; filename="blob"\r\nContent-Type: ${type}\r\n\r\n${content}`;

function inChunks(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return Readable.from(chunks, { objectMode: false });
}

describe("readMultipartUpload", () => {
  // The file holds what looks like the start of a boundary, so a scanner that cuts too early shows.
  const content = `line one\r\n--${BOUNDARY.slice(0, 10)} not the end\r\n-- and more`;
  const body = formBody([field("cacheControl", "3600"), field("metadata", '{"a":1}'), file(content)]);

  it.each([1, 2, 3, 7, 64, body.length])(
    "reads the fields and streams the file when the body arrives in %i-byte chunks",
    async (size) => {
      const form = await readMultipartUpload(inChunks(body, size), BOUNDARY);
      expect(Object.fromEntries(form.fields)).toEqual({ cacheControl: "3600", metadata: '{"a":1}' });
      expect(form.fileType).toBe("text/plain");
      expect(await text(form.file)).toBe(content);
    },
  );

  it("reads what the platform's own FormData encoder sends", async () => {
    const data = new FormData();
    data.append("cacheControl", "60");
    data.append("", new Blob([Buffer.from([0, 13, 10, 45, 45, 255])], { type: "application/octet-stream" }));
    const request = new Request("http://localhost/", { method: "POST", body: data });
    const boundary = multipartBoundary(request.headers.get("content-type") ?? undefined);
    expect(boundary).toBeDefined();
    const form = await readMultipartUpload(Readable.from([Buffer.from(await request.arrayBuffer())]), boundary!);
    expect(form.fields.get("cacheControl")).toBe("60");
    const bytes: Buffer[] = [];
    for await (const chunk of form.file) bytes.push(chunk as Buffer);
    expect(Buffer.concat(bytes)).toEqual(Buffer.from([0, 13, 10, 45, 45, 255]));
  });

  it("drains parts after the file, so the request completes", async () => {
    const form = await readMultipartUpload(
      inChunks(formBody([file("payload"), field("after", "ignored")]), 5),
      BOUNDARY,
    );
    expect(await text(form.file)).toBe("payload");
  });

  it("refuses a form without a file", async () => {
    await expect(readMultipartUpload(inChunks(formBody([field("only", "text")]), 4), BOUNDARY)).rejects.toThrow(
      MultipartError,
    );
  });

  it("fails the file stream when the body ends before its closing boundary", async () => {
    const cut = formBody([file("a file that never ends")]).subarray(0, -20);
    const form = await readMultipartUpload(inChunks(cut, 8), BOUNDARY);
    await expect(text(form.file)).rejects.toThrow(MultipartError);
  });

  it("refuses a field larger than fields may be, and a part without a name", async () => {
    const huge = formBody([field("metadata", "x".repeat(70 * 1024)), file("f")]);
    await expect(readMultipartUpload(inChunks(huge, 4096), BOUNDARY)).rejects.toThrow(MultipartError);
    const nameless = formBody([`Content-Disposition: form-data\r\n\r\nvalue`, file("f")]);
    await expect(readMultipartUpload(inChunks(nameless, 16), BOUNDARY)).rejects.toThrow(/no name/);
  });

  it("refuses more parts than a form may hold", async () => {
    const many = formBody(Array.from({ length: 20 }, (_, index) => field(`f${index}`, "v")));
    await expect(readMultipartUpload(inChunks(many, 32), BOUNDARY)).rejects.toThrow(/too many parts/);
  });
});

describe("multipartBoundary", () => {
  it("reads a boundary, quoted or not, only from multipart/form-data", () => {
    expect(multipartBoundary("multipart/form-data; boundary=abc123")).toBe("abc123");
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b:c"')).toBe("a b:c");
    expect(multipartBoundary("multipart/mixed; boundary=abc")).toBeUndefined();
    expect(multipartBoundary("multipart/form-data")).toBeUndefined();
    expect(multipartBoundary("text/plain")).toBeUndefined();
  });
});
