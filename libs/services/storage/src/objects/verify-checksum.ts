import { createHash } from "node:crypto";
import { BytesMissingError } from "../backends/bytes-errors";
import type { StorageRuntime } from "../storage-runtime";
import { readObjectBytes, describeObject } from "./open-object";
import type { StorageReader } from "./storage-caller";

async function sha256Of(chunks: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of chunks) hash.update(chunk);
  return hash.digest("hex");
}

/** Reads an object's bytes back from the backend and compares their sha256 with the one stored at upload. */
export async function verifyChecksum(
  runtime: StorageRuntime,
  caller: StorageReader,
  bucketName: string,
  path: string,
): Promise<{ checksum: string | null; actual: string | null; matches: boolean }> {
  const { row } = await describeObject(caller, bucketName, path);
  let actual: string | null;
  try {
    actual = await sha256Of(await readObjectBytes(runtime, row));
  } catch (error) {
    if (!(error instanceof BytesMissingError)) throw error;
    actual = null;
  }
  return { checksum: row.checksum, actual, matches: actual !== null && actual === row.checksum };
}
