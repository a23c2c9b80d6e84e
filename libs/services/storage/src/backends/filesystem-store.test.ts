import { mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bodyOf } from "./contract-bodies";
import { PARTIALS_FOLDER } from "./filesystem-paths";
import { createFilesystemStore, type FilesystemObjectBytesStore } from "./filesystem-store";
import { describeObjectBytesStoreContract } from "./object-bytes-store.contract";

const newRoot = () => mkdtemp(join(tmpdir(), "cauldron-bytes-"));

async function partialFiles(root: string): Promise<string[]> {
  return readdir(join(root, PARTIALS_FOLDER)).catch(() => []);
}

describeObjectBytesStoreContract("filesystem", async () => {
  const root = await newRoot();
  return {
    store: createFilesystemStore(root),
    leftovers: () => partialFiles(root),
    close: () => rm(root, { recursive: true, force: true }),
  };
});

describe("filesystem bytes store on disk", () => {
  let root: string;
  let store: FilesystemObjectBytesStore;
  beforeEach(async () => {
    root = await newRoot();
    store = createFilesystemStore(join(root, "data"));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("keeps each key's bytes in the file of that path under the root", async () => {
    await store.write("org/bucket/object/version", bodyOf("on disk"));
    expect((await stat(join(root, "data", "org", "bucket", "object", "version"))).size).toBe(7);
    expect(await readdir(root)).toEqual(["data"]);
  });

  it("prunes the folders a removal empties, and keeps those still holding bytes", async () => {
    await store.write("org/bucket/one/v1", bodyOf("one"));
    await store.write("org/bucket/two/v1", bodyOf("two"));
    await store.remove(["org/bucket/one/v1"]);
    expect(await readdir(join(root, "data", "org", "bucket"))).toEqual(["two"]);
    await store.remove(["org/bucket/two/v1"]);
    expect((await readdir(join(root, "data"))).filter((name) => name !== PARTIALS_FOLDER)).toEqual([]);
  });

  it("sweeps partial files a crash left behind once they are old enough, and never lists them", async () => {
    await store.write("org/bucket/object/v1", bodyOf("complete"));
    const partials = join(root, "data", PARTIALS_FOLDER);
    await writeFile(join(partials, "abandoned"), "half an upload");
    await writeFile(join(partials, "in-progress"), "a live upload");
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(join(partials, "abandoned"), twoHoursAgo, twoHoursAgo);

    const listed = [];
    for await (const entry of store.list("")) listed.push(entry);
    expect(listed).toEqual([{ key: "org/bucket/object/v1", size: 8 }]);

    expect(await store.sweepPartials(3600_000)).toBe(1);
    expect(await readdir(partials)).toEqual(["in-progress"]);
    expect(await store.sweepPartials(3600_000)).toBe(0);
  });

  it("sweeps nothing when no write ever started", async () => {
    expect(await store.sweepPartials(0)).toBe(0);
  });
});
