import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { filesystemSmallObjects } from "./filesystem-small-objects";
import { smallObjectSides } from "./small-object-rounds";

describe("small objects as plain files", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "cauldron-small-objects-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("creates, lists and deletes a round's objects, each side checking its count", async () => {
    const sides = smallObjectSides(filesystemSmallObjects(root), 40, Buffer.from("one object"));
    for (const side of [sides.create, sides.list]) expect(await side(0)).toBeGreaterThan(0);
    expect(await readdir(path.join(root, "round-1"))).toHaveLength(40);
    expect(await sides.delete(0)).toBeGreaterThan(0);
    expect(await readdir(path.join(root, "round-1"))).toEqual([]);
  });

  it("fails a listing that finds fewer objects than were created", async () => {
    const store = filesystemSmallObjects(root);
    const sides = smallObjectSides(store, 3, Buffer.from("x"));
    await sides.create(0);
    await store.remove(["round-1/object-000000.bin"]);
    await expect(sides.list(0)).rejects.toThrow("listed 2 objects of 3");
  });
});
