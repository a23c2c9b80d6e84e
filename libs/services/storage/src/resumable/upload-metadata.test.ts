import { describe, expect, it } from "vitest";
import { StorageHttpError } from "../http-kit/storage-errors";
import { parseUploadMetadata } from "./upload-metadata";

const encode = (pairs: Record<string, string>) =>
  Object.entries(pairs)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString("base64")}`)
    .join(",");

function refusalOf(header: string | undefined): Pick<StorageHttpError, "status" | "code"> | undefined {
  try {
    parseUploadMetadata(header);
    return undefined;
  } catch (error) {
    if (!(error instanceof StorageHttpError)) throw error;
    return { status: error.status, code: error.code };
  }
}

describe("parseUploadMetadata", () => {
  it("reads Supabase's keys from base64 values, ignoring keys it does not know", () => {
    const header = encode({
      bucketName: "media",
      objectName: "folder/naïve café.txt",
      contentType: "text/plain; charset=utf-8",
      cacheControl: "max-age=3600",
      metadata: JSON.stringify({ owner: "ana", tags: ["a"] }),
      filetype: "text/plain",
    });
    expect(parseUploadMetadata(header)).toEqual({
      bucketName: "media",
      objectName: "folder/naïve café.txt",
      contentType: "text/plain; charset=utf-8",
      cacheControl: "max-age=3600",
      metadata: { owner: "ana", tags: ["a"] },
    });
  });

  it("takes a key sent without a value as empty, and user metadata as optional", () => {
    expect(parseUploadMetadata(`${encode({ bucketName: "media", objectName: "a.bin" })},is-draft`)).toEqual({
      bucketName: "media",
      objectName: "a.bin",
      metadata: {},
    });
  });

  it("refuses a header that is missing, malformed, repeats a key or holds what is not base64 UTF-8", () => {
    const base = encode({ bucketName: "media", objectName: "a.bin" });
    for (const header of [
      undefined,
      "",
      `${base},`,
      `${base},objectName ${Buffer.from("b.bin").toString("base64")}`,
      `${base},contentType not*base64`,
      `${base},contentType ${Buffer.from([0xff, 0xfe]).toString("base64")}`,
      `${base},key one two`,
      `${base},${"x".repeat(9_000)}`,
      [base, ...Array.from({ length: 16 }, (_, index) => `k${index}`)].join(","),
    ]) {
      expect(refusalOf(header)).toEqual({ status: 400, code: "InvalidRequest" });
    }
  });

  it("refuses a bad bucket name, content type, cache control or user metadata", () => {
    const cases: Record<string, string>[] = [
      { bucketName: "Media", objectName: "a.bin" },
      { bucketName: "media", objectName: "a.bin", contentType: "not a type" },
      { bucketName: "media", objectName: "a.bin", cacheControl: "max-age=1\nx" },
      { bucketName: "media", objectName: "a.bin", metadata: "{" },
      { bucketName: "media", objectName: "a.bin", metadata: "42" },
      { bucketName: "media", objectName: "a.bin", metadata: '{"note":"a\\u0000b"}' },
      { bucketName: "media", objectName: "a.bin", metadata: `{"a":${"[".repeat(40)}${"]".repeat(40)}}` },
    ];
    for (const pairs of cases) {
      expect(refusalOf(encode(pairs))).toEqual({ status: 400, code: "InvalidRequest" });
    }
  });

  it("judges the object name by the rules of object paths in URLs", () => {
    for (const objectName of [
      "/a.bin",
      "a//b.bin",
      "a/./b.bin",
      "a/../b.bin",
      "a\u0007.bin",
      "a\\b.bin",
      "x".repeat(1_025),
    ]) {
      expect(refusalOf(encode({ bucketName: "media", objectName }))).toEqual({ status: 400, code: "InvalidKey" });
    }
  });
});
