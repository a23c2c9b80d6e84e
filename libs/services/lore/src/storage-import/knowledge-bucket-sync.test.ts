import type { DocumentSummary } from "@cauldron/contracts";
import { StorageClient } from "@supabase/storage-js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startLoreBesideStorage, type LoreBesideStorage } from "../testing/lore-beside-storage";

let kit: LoreBesideStorage;
let files: StorageClient;

const WAIT = { timeout: 20_000, interval: 50 };
const loreAsMember = () => kit.lore.client({ token: kit.member.token, organizationId: kit.org.id });

/** The document lore keeps for an object, once there is one. */
async function documentOf(objectId: string): Promise<DocumentSummary | undefined> {
  const page = await loreAsMember().lore.documents.list.query({ limit: 200 });
  return page.items.find((item) => (item.metadata.storage as { objectId?: string } | undefined)?.objectId === objectId);
}

async function upload(bucket: string, objectPath: string, body: string, contentType = "text/markdown") {
  const { data, error } = await files.from(bucket).upload(objectPath, body, { contentType });
  if (error || !data) throw error ?? new Error("the upload answered nothing");
  return data.id;
}

beforeAll(async () => {
  kit = await startLoreBesideStorage({ workers: true });
  await kit.createBucket("handbook", { knowledgeSource: true });
  await kit.createBucket("scratch");
  const memberToken = await kit.storageToken(kit.member);
  files = new StorageClient(`${kit.storage.url}/orgs/${kit.org.id}`, { Authorization: `Bearer ${memberToken}` });
});

afterAll(async () => {
  await kit?.close();
});

describe("documents kept in step with a knowledge-source bucket", () => {
  it("creates, versions, renames and archives the document as its object is uploaded, replaced, moved and deleted", async () => {
    const objectId = await upload("handbook", "guides/Brewing basics.md", "# Brewing\n\nBoil the water first.");
    const created = await vi.waitFor(
      async () => (await documentOf(objectId)) ?? Promise.reject(new Error("not yet")),
      WAIT,
    );
    expect(created).toMatchObject({
      title: "Brewing basics",
      status: "published",
      contentType: "text/markdown",
      version: 1,
      createdBy: kit.member.id,
      metadata: { storage: { bucket: "handbook", path: "guides/Brewing basics.md", objectId } },
    });
    expect(created.excerpt).toContain("Boil the water first");

    const replaced = await files.from("handbook").update("guides/Brewing basics.md", "# Brewing\n\nCool it slowly.", {
      contentType: "text/markdown",
    });
    expect(replaced.error).toBeNull();
    await vi.waitFor(async () => expect((await documentOf(objectId))?.version).toBe(2), WAIT);
    const second = await loreAsMember().lore.documents.get.query({ id: created.id });
    expect(second.content).toContain("Cool it slowly");
    expect(second.content).not.toContain("Boil the water");

    expect(
      (await files.from("handbook").move("guides/Brewing basics.md", "guides/Advanced brewing.md")).error,
    ).toBeNull();
    const moved = await vi.waitFor(async () => {
      const document = await documentOf(objectId);
      expect(document?.title).toBe("Advanced brewing");
      return document!;
    }, WAIT);
    expect(moved.id).toBe(created.id);
    expect(moved.metadata.storage).toMatchObject({ path: "guides/Advanced brewing.md", objectId });

    expect((await files.from("handbook").remove(["guides/Advanced brewing.md"])).error).toBeNull();
    await vi.waitFor(async () => expect(await documentOf(objectId)).toBeUndefined(), WAIT);
    const archived = await loreAsMember().lore.documents.get.query({ id: created.id });
    expect(archived).toMatchObject({ status: "archived", version: 3 });
  });

  it("leaves objects of other buckets and of other types alone", async () => {
    const scratchId = await upload("scratch", "draft.md", "# Draft\n\nNot for the handbook.");
    const imageId = await upload("handbook", "diagram.png", "not really a picture", "image/png");
    // Events are handled in the order they were published: once the marker's document exists, the
    // uploads before it have been handled too.
    const markerId = await upload("handbook", "marker.txt", "The last upload of this test.", "text/plain");
    await vi.waitFor(async () => expect(await documentOf(markerId)).toBeDefined(), WAIT);
    expect(await documentOf(scratchId)).toBeUndefined();
    expect(await documentOf(imageId)).toBeUndefined();
  });
});
