import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization } from "../testing";
import { insertCategory, longMarkdown, publishedEvents } from "./document-test-fixtures";

let kit: LoreTestKit;
let org: LoreTestOrganization;

beforeAll(async () => {
  kit = await startLoreTestKit({}, { workers: false });
  org = await kit.createOrganization("archive");
});

afterAll(async () => {
  await kit?.close();
});

const asOwner = () => kit.ownerOf(org);

async function createMarkdown(title: string, content: string) {
  return asOwner().lore.documents.create.mutate({ title, content, contentType: "text/markdown" });
}

describe("lore.documents.update", () => {
  it("writes a new version for each change of title, text or metadata, announcing the changed fields", async () => {
    const created = await createMarkdown("Tide tables", "High tide at dawn.");
    const retitled = await asOwner().lore.documents.update.mutate({
      id: created.id,
      expectedVersion: 1,
      title: "Tide tables of the bay",
      changeNote: "Clearer title",
    });
    expect(retitled).toMatchObject({ version: 2, title: "Tide tables of the bay", content: "High tide at dawn." });
    const rewritten = await asOwner().lore.documents.update.mutate({
      id: created.id,
      expectedVersion: 2,
      content: "High tide at dusk.",
      metadata: { source: "harbour master" },
    });
    expect(rewritten).toMatchObject({
      version: 3,
      content: "High tide at dusk.",
      metadata: { source: "harbour master" },
    });

    const updates = await publishedEvents(kit, "document.updated", created.id);
    expect(updates.map((event) => [event.version, event.changedFields])).toEqual([
      [2, ["title"]],
      [3, ["content", "metadata"]],
    ]);
    const history = await asOwner().lore.documents.versions.list.query({ id: created.id });
    expect(history.items.map((item) => [item.version, item.title, item.changeNote])).toEqual([
      [3, "Tide tables of the bay", null],
      [2, "Tide tables of the bay", "Clearer title"],
      [1, "Tide tables", null],
    ]);
  });

  it("changes categories, tags and status in place without a new version, and a change to nothing writes nothing", async () => {
    const created = await createMarkdown("Star chart", "Orion rises.");
    const category = await insertCategory(kit, org.id, "Astronomy");
    const moved = await asOwner().lore.documents.update.mutate({
      id: created.id,
      expectedVersion: 1,
      categoryIds: [category],
      status: "draft",
    });
    expect(moved).toMatchObject({ version: 1, categoryIds: [category], status: "draft" });
    const same = await asOwner().lore.documents.update.mutate({
      id: created.id,
      expectedVersion: 1,
      title: "Star chart",
      content: "Orion rises.",
      categoryIds: [category],
    });
    expect(same).toEqual(moved);
    const updates = await publishedEvents(kit, "document.updated", created.id);
    expect(updates.map((event) => event.changedFields)).toEqual([["categoryIds", "status"]]);
    expect(await publishedEvents(kit, "chunks.changed", created.id)).toHaveLength(1);
  });

  it("answers CONFLICT with the current version for a stale expectedVersion, writing nothing", async () => {
    const created = await createMarkdown("Rune list", "Fehu, Uruz.");
    await asOwner().lore.documents.update.mutate({
      id: created.id,
      expectedVersion: 1,
      content: "Fehu, Uruz, Thurisaz.",
    });
    const stale = await failureOf(
      asOwner().lore.documents.update.mutate({ id: created.id, expectedVersion: 1, content: "Overwritten" }),
    );
    expect(stale.data).toMatchObject({ code: "CONFLICT", reason: "version_conflict" });
    expect(stale.message).toContain("version 2");
    const current = await asOwner().lore.documents.get.query({ id: created.id });
    expect(current).toMatchObject({ version: 2, content: "Fehu, Uruz, Thurisaz." });
    expect((await asOwner().lore.documents.versions.list.query({ id: created.id })).items).toHaveLength(2);
  });

  it("lets exactly one of several concurrent updates against the same version through", async () => {
    const created = await createMarkdown("Contested", "Original.");
    // Title changes need no read ahead of the transaction: only the row lock tells them apart.
    const results = await Promise.allSettled(
      ["First", "Second", "Third", "Fourth"].map((writer) =>
        asOwner().lore.documents.update.mutate({ id: created.id, expectedVersion: 1, title: `${writer} writer` }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((outcome) => outcome.status === "rejected")) {
      expect(await codeOf(Promise.reject(result.reason))).toBe("CONFLICT");
    }
    const current = await asOwner().lore.documents.get.query({ id: created.id });
    expect(current.version).toBe(2);
    expect((await asOwner().lore.documents.versions.list.query({ id: created.id })).items).toHaveLength(2);
    expect(await publishedEvents(kit, "document.updated", created.id)).toHaveLength(1);
  });

  it("answers BAD_REQUEST for a new content type without content and for bad ids", async () => {
    const created = await createMarkdown("Typed", "text");
    const noContent = await failureOf(
      asOwner().lore.documents.update.mutate({ id: created.id, expectedVersion: 1, contentType: "text/plain" }),
    );
    expect(noContent.data.fieldErrors).toHaveProperty("contentType");
    const badId = await failureOf(
      asOwner().lore.documents.update.mutate({ id: "nope", expectedVersion: 1, title: "x" }),
    );
    expect(badId.data.fieldErrors).toHaveProperty("id");
  });
});

describe("chunks of a version", () => {
  it("tile the version's text: offsets in order, each chunk the text between its offsets, nothing left out", async () => {
    const text = longMarkdown(12);
    const created = await createMarkdown("Bestiary", text);
    const { chunks, version } = await asOwner().lore.documents.chunks.query({ id: created.id });
    expect(version).toBe(1);
    expect(chunks.length).toBeGreaterThan(3);
    chunks.forEach((chunk, index) => {
      expect(chunk.index).toBe(index);
      expect(chunk.content).toBe(created.content.slice(chunk.start, chunk.end));
      if (index > 0) expect(chunk.start).toBeLessThanOrEqual((chunks[index - 1] as { end: number }).end);
    });
    expect(chunks[0]?.start).toBe(0);
    expect(chunks[chunks.length - 1]?.end).toBe(created.content.length);
    const covered = created.content
      .split("")
      .map((_, offset) => chunks.some((chunk) => chunk.start <= offset && offset < chunk.end));
    expect(covered.every(Boolean)).toBe(true);
  });

  it("after one paragraph of a long markdown document changes, keeps the other chunks' embeddings and embeds only the changed ones", async () => {
    const original = longMarkdown(16);
    const created = await createMarkdown("Almanac", original);
    const changed = original.replace(
      "Paragraph 1 of section 7:",
      "Paragraph 1 of section 7, revised after the eclipse:",
    );
    const updated = await asOwner().lore.documents.update.mutate({
      id: created.id,
      expectedVersion: 1,
      content: changed,
    });
    expect(updated.version).toBe(2);
    const previous = await asOwner().lore.documents.chunks.query({ id: created.id, version: 1 });
    const current = await asOwner().lore.documents.chunks.query({ id: created.id });

    const parts = (await publishedEvents(kit, "chunks.changed", created.id)).filter((part) => part.version === 2);
    const embed = parts.flatMap((part) => part.embed);
    const keep = parts.flatMap((part) => part.keep);
    expect(embed.length + keep.length).toBe(current.chunks.length);
    expect(embed.length).toBeGreaterThan(0);
    expect(embed.length).toBeLessThanOrEqual(3);
    expect(keep.length).toBeGreaterThan(current.chunks.length / 2);
    expect(embed.every((chunk) => current.chunks.some((row) => row.id === chunk.chunkId))).toBe(true);
    expect(embed.some((chunk) => chunk.content.includes("revised after the eclipse"))).toBe(true);
    const previousText = new Map(previous.chunks.map((chunk) => [chunk.id, chunk.content]));
    const currentText = new Map(current.chunks.map((chunk) => [chunk.id, chunk.content]));
    for (const pair of keep) expect(currentText.get(pair.toChunkId)).toBe(previousText.get(pair.fromChunkId));
    // Version 1's chunks were embedded under their own ids; the kept ones' embeddings stay there.
    for (const pair of keep) expect(pair.embeddedAs).toBe(pair.fromChunkId);
    const keptFrom = new Set(keep.map((pair) => pair.fromChunkId));
    expect(parts.flatMap((part) => part.drop ?? []).sort()).toEqual(
      previous.chunks
        .filter((chunk) => !keptFrom.has(chunk.id))
        .map((chunk) => chunk.id)
        .sort(),
    );

    // A third version keeps the lineage: its kept chunks name version 1's chunks, not version 2's.
    await asOwner().lore.documents.update.mutate({
      id: created.id,
      expectedVersion: 2,
      content: changed.replace("Paragraph 1 of section 2:", "Paragraph 1 of section 2, amended:"),
    });
    const third = (await publishedEvents(kit, "chunks.changed", created.id)).filter((part) => part.version === 3);
    const firstIds = new Set(previous.chunks.map((chunk) => chunk.id));
    const secondIds = new Set(current.chunks.map((chunk) => chunk.id));
    const keptAgain = third.flatMap((part) => part.keep);
    expect(keptAgain.length).toBeGreaterThan(current.chunks.length / 2);
    for (const pair of keptAgain) {
      expect(secondIds.has(pair.fromChunkId)).toBe(true);
      const embeddedInVersion2 = embed.some((chunk) => chunk.chunkId === pair.fromChunkId);
      expect(embeddedInVersion2 ? pair.embeddedAs === pair.fromChunkId : firstIds.has(pair.embeddedAs ?? "")).toBe(
        true,
      );
    }
  });

  it("carries every chunk over as kept when only the title changes", async () => {
    const created = await createMarkdown("Ledger", longMarkdown(4));
    await asOwner().lore.documents.update.mutate({ id: created.id, expectedVersion: 1, title: "Ledger, bound" });
    const previous = await asOwner().lore.documents.chunks.query({ id: created.id, version: 1 });
    const current = await asOwner().lore.documents.chunks.query({ id: created.id, version: 2 });
    const [part] = (await publishedEvents(kit, "chunks.changed", created.id)).filter((event) => event.version === 2);
    expect(part?.embed).toEqual([]);
    expect(part?.keep).toEqual(
      previous.chunks.map((chunk, index) => ({
        fromChunkId: chunk.id,
        toChunkId: current.chunks[index]?.id,
        embeddedAs: chunk.id,
      })),
    );
    expect(part?.drop).toEqual([]);
    expect(current.chunks.map((chunk) => [chunk.start, chunk.end, chunk.content])).toEqual(
      previous.chunks.map((chunk) => [chunk.start, chunk.end, chunk.content]),
    );
  });

  it("re-chunks unchanged text with new settings as a new version", async () => {
    const created = await createMarkdown("Herbarium", longMarkdown(6));
    const before = await asOwner().lore.documents.chunks.query({ id: created.id });
    const rechunked = await asOwner().lore.documents.update.mutate({
      id: created.id,
      expectedVersion: 1,
      chunking: { maxTokens: 64, overlapTokens: 0 },
    });
    expect(rechunked.version).toBe(2);
    const after = await asOwner().lore.documents.chunks.query({ id: created.id });
    expect(after.chunks.length).toBeGreaterThan(before.chunks.length);
    expect(after.chunks.every((chunk) => (chunk.tokenCount ?? 0) <= 64)).toBe(true);
    expect(await codeOf(asOwner().lore.documents.chunks.query({ id: created.id, version: 3 }))).toBe("NOT_FOUND");
  });
});

describe("lore.documents.versions", () => {
  it("gets a version's full text, diffs two versions and restores an old one as a new version", async () => {
    const created = await createMarkdown("Recipe", "Take two eggs.\nStir well.\n");
    await asOwner().lore.documents.update.mutate({
      id: created.id,
      expectedVersion: 1,
      content: "Take three eggs.\nStir well.\nBake an hour.\n",
      metadata: { oven: true },
    });
    const first = await asOwner().lore.documents.versions.get.query({ id: created.id, version: 1 });
    expect(first).toMatchObject({ documentId: created.id, version: 1, content: "Take two eggs.\nStir well.\n" });

    const diff = await asOwner().lore.documents.versions.diff.query({ id: created.id, fromVersion: 1, toVersion: 2 });
    expect(diff).toMatchObject({ documentId: created.id, fromVersion: 1, toVersion: 2, additions: 2, deletions: 1 });
    expect(diff.unified).toContain("-Take two eggs.");
    expect(diff.unified).toContain("+Take three eggs.");

    const stale = await failureOf(
      asOwner().lore.documents.versions.restore.mutate({ id: created.id, version: 1, expectedVersion: 1 }),
    );
    expect(stale.data.reason).toBe("version_conflict");
    const restored = await asOwner().lore.documents.versions.restore.mutate({
      id: created.id,
      version: 1,
      expectedVersion: 2,
    });
    expect(restored).toMatchObject({ version: 3, content: "Take two eggs.\nStir well.\n", metadata: {} });
    const history = await asOwner().lore.documents.versions.list.query({ id: created.id, limit: 2 });
    expect(history.items.map((item) => [item.version, item.changeNote])).toEqual([
      [3, "Restored from version 1"],
      [2, null],
    ]);
    const older = await asOwner().lore.documents.versions.list.query({
      id: created.id,
      limit: 2,
      cursor: history.nextCursor ?? undefined,
    });
    expect(older).toEqual({ items: [expect.objectContaining({ version: 1 })], nextCursor: null });
    expect(await codeOf(asOwner().lore.documents.versions.get.query({ id: created.id, version: 9 }))).toBe("NOT_FOUND");
    expect(
      await codeOf(asOwner().lore.documents.versions.diff.query({ id: created.id, fromVersion: 1, toVersion: 9 })),
    ).toBe("NOT_FOUND");
  });
});
