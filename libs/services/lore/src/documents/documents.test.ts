import { codeOf, failureOf } from "@cauldron/testing";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization, type LoreTestUser } from "../testing";
import { insertCategory, insertTag, publishedEvents } from "./document-test-fixtures";

let kit: LoreTestKit;
let org: LoreTestOrganization;
let other: LoreTestOrganization;
let viewer: LoreTestUser;
let member: LoreTestUser;

beforeAll(async () => {
  kit = await startLoreTestKit({}, { workers: false });
  org = await kit.createOrganization("library");
  other = await kit.createOrganization("rival");
  viewer = await kit.createUser("viewer");
  member = await kit.createUser("member");
  await kit.addMember(org.id, viewer, "viewer");
  await kit.addMember(org.id, member, "member");
});

afterAll(async () => {
  await kit?.close();
});

const asOwner = () => kit.ownerOf(org);

async function pdfBase64(lines: string[]): Promise<string> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([600, 800]);
  lines.forEach((line, index) => page.drawText(line, { x: 50, y: 750 - index * 20, size: 12, font }));
  return Buffer.from(await pdf.save()).toString("base64");
}

describe("lore.documents.create and get", () => {
  it("creates a published document with its first version, chunks, links and events, and reads it back", async () => {
    const categoryId = await insertCategory(kit, org.id, "Potions");
    const tagId = await insertTag(kit, org.id, "brewing");
    const created = await asOwner().lore.documents.create.mutate({
      title: "Moonlight draught",
      content: "# Moonlight draught\n\nSteep silverleaf for an hour.\n\n## Serving\n\nServe cold.",
      contentType: "text/markdown",
      categoryIds: [categoryId],
      tagIds: [tagId],
      slug: "moonlight-draught",
      metadata: { serves: 4 },
    });
    expect(created).toMatchObject({
      title: "Moonlight draught",
      slug: "moonlight-draught",
      status: "published",
      contentType: "text/markdown",
      version: 1,
      metadata: { serves: 4 },
      categoryIds: [categoryId],
      tagIds: [tagId],
      teamIds: [],
      index: { status: "pending", error: null, indexedVersion: null },
      createdBy: org.owner.id,
      archivedAt: null,
    });
    expect(created.content).toContain("Steep silverleaf");
    expect(await asOwner().lore.documents.get.query({ id: created.id })).toEqual(created);

    const versions = await asOwner().lore.documents.versions.list.query({ id: created.id });
    expect(versions.items.map((item) => item.version)).toEqual([1]);
    const chunks = await asOwner().lore.documents.chunks.query({ id: created.id });
    expect(chunks.version).toBe(1);
    expect(chunks.chunks.length).toBeGreaterThan(0);

    const [createdEvent] = await publishedEvents(kit, "document.created", created.id);
    expect(createdEvent).toMatchObject({ title: "Moonlight draught", createdByUserId: org.owner.id, teamIds: [] });
    const parts = await publishedEvents(kit, "chunks.changed", created.id);
    expect(parts.map((part) => [part.part, part.parts, part.version])).toEqual([[0, 1, 1]]);
    expect(parts[0]?.embed.map((chunk) => chunk.chunkId)).toEqual(chunks.chunks.map((chunk) => chunk.id));
    expect(parts[0]?.keep).toEqual([]);
    expect(parts[0]?.teamIdsAsOf).toBe(created.updatedAt.toISOString());
    const pending = await kit.database.ownerDb
      .selectFrom("lore.documents")
      .select("index_parts_pending")
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(pending.index_parts_pending).toBe(1);
  });

  it("sends one empty chunk part for a document without text, so old embeddings are cleared", async () => {
    const created = await asOwner().lore.documents.create.mutate({
      title: "Blank page",
      content: "",
      contentType: "text/plain",
      status: "draft",
    });
    expect(created).toMatchObject({ content: "", status: "draft" });
    expect((await asOwner().lore.documents.chunks.query({ id: created.id })).chunks).toEqual([]);
    const parts = await publishedEvents(kit, "chunks.changed", created.id);
    expect(parts).toEqual([expect.objectContaining({ part: 0, parts: 1, embed: [], keep: [] })]);
  });

  it("keeps the text of HTML and drops its scripts and markup", async () => {
    const created = await asOwner().lore.documents.create.mutate({
      title: "Scroll",
      content:
        "<html><head><script>stealSecrets()</script><style>p{color:red}</style></head>" +
        "<body><h1>Ancient scroll</h1><p>Mix <b>newt</b> and toad.</p></body></html>",
      contentType: "text/html",
    });
    expect(created.content).toContain("Ancient scroll");
    expect(created.content).toContain("newt");
    expect(created.content).not.toContain("stealSecrets");
    expect(created.content).not.toContain("<");
  });

  it("imports the text of a PDF sent as base64", async () => {
    const created = await asOwner().lore.documents.create.mutate({
      title: "Grimoire",
      contentBase64: await pdfBase64(["The grimoire of winter", "Frost runes bind the gate"]),
      contentType: "application/pdf",
    });
    expect(created.contentType).toBe("application/pdf");
    expect(created.content).toContain("grimoire of winter");
    expect(created.content).toContain("Frost runes");
  });

  it("answers BAD_REQUEST with the field for an unknown content type, a PDF sent as text, a huge title and both sources", async () => {
    const unknownType = await failureOf(
      asOwner().lore.documents.create.mutate({ title: "x", content: "y", contentType: "application/x-spell" }),
    );
    expect(unknownType.data.code).toBe("BAD_REQUEST");
    expect(unknownType.data.fieldErrors).toHaveProperty("contentType");

    const pdfAsText = await failureOf(
      asOwner().lore.documents.create.mutate({
        title: "x",
        content: "%PDF-1.7 not text",
        contentType: "application/pdf",
      }),
    );
    expect(pdfAsText.data.code).toBe("BAD_REQUEST");
    expect(pdfAsText.data.fieldErrors).toHaveProperty("content");

    const notAPdf = await failureOf(
      asOwner().lore.documents.create.mutate({
        title: "x",
        contentBase64: Buffer.from("plain words").toString("base64"),
        contentType: "application/pdf",
      }),
    );
    expect(notAPdf.data.fieldErrors).toHaveProperty("contentBase64");

    const hugeTitle = await failureOf(
      asOwner().lore.documents.create.mutate({ title: "t".repeat(501), content: "y", contentType: "text/plain" }),
    );
    expect(hugeTitle.data.fieldErrors).toHaveProperty("title");

    const bothSources = await failureOf(
      asOwner().lore.documents.create.mutate({
        title: "x",
        content: "y",
        contentBase64: "eQ==",
        contentType: "text/plain",
      }),
    );
    expect(bothSources.data.fieldErrors).toHaveProperty("contentBase64");

    const badChunking = await failureOf(
      asOwner().lore.documents.create.mutate({
        title: "x",
        content: "y",
        contentType: "text/plain",
        chunking: { maxTokens: 32, overlapTokens: 32 },
      }),
    );
    expect(badChunking.data.fieldErrors).toHaveProperty("chunking.overlapTokens");

    const listed = await asOwner().lore.documents.list.query({ text: "x" });
    expect(listed.items.filter((item) => item.title === "x")).toEqual([]);
  });

  it("refuses another organization's or unknown categories, tags and teams on their field, writing nothing", async () => {
    const foreignCategory = await insertCategory(kit, other.id, "Rival shelf");
    const foreignTag = await insertTag(kit, other.id, "rival");
    const foreignTeam = await kit.createTeam(other.id, [other.owner]);
    const ownCategory = await insertCategory(kit, org.id, "Own shelf");
    const failure = await failureOf(
      asOwner().lore.documents.create.mutate({
        title: "Smuggled",
        content: "contraband",
        contentType: "text/plain",
        categoryIds: [ownCategory, foreignCategory],
        tagIds: [foreignTag],
        teamIds: [foreignTeam],
      }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.data.fieldErrors ?? {}).sort()).toEqual(["categoryIds.1", "tagIds.0", "teamIds.0"]);
    const written = await kit.database.ownerDb
      .selectFrom("lore.documents")
      .select("id")
      .where("title", "=", "Smuggled")
      .execute();
    expect(written).toEqual([]);
  });

  it("answers CONFLICT slug_taken for a slug the organization uses, and allows it elsewhere", async () => {
    await asOwner().lore.documents.create.mutate({
      title: "One",
      content: "a",
      contentType: "text/plain",
      slug: "same",
    });
    const failure = await failureOf(
      asOwner().lore.documents.create.mutate({ title: "Two", content: "b", contentType: "text/plain", slug: "same" }),
    );
    expect(failure.data).toMatchObject({ code: "CONFLICT", reason: "slug_taken" });
    const elsewhere = await kit
      .ownerOf(other)
      .lore.documents.create.mutate({ title: "Three", content: "c", contentType: "text/plain", slug: "same" });
    expect(elsewhere.slug).toBe("same");
  });

  it("never shows, changes or deletes another organization's document: NOT_FOUND", async () => {
    const theirs = await kit
      .ownerOf(other)
      .lore.documents.create.mutate({ title: "Rival secret", content: "hidden", contentType: "text/plain" });
    const id = theirs.id;
    expect(await codeOf(asOwner().lore.documents.get.query({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(asOwner().lore.documents.chunks.query({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(asOwner().lore.documents.versions.list.query({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(asOwner().lore.documents.versions.get.query({ id, version: 1 }))).toBe("NOT_FOUND");
    expect(await codeOf(asOwner().lore.documents.update.mutate({ id, expectedVersion: 1, title: "Mine now" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(asOwner().lore.documents.archive.mutate({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(asOwner().lore.documents.setTeams.mutate({ id, teamIds: [] }))).toBe("NOT_FOUND");
    expect(await codeOf(asOwner().lore.documents.delete.mutate({ id }))).toBe("NOT_FOUND");
    expect((await asOwner().lore.documents.list.query({ text: "rival secret" })).items).toEqual([]);
    expect((await kit.ownerOf(other).lore.documents.get.query({ id })).title).toBe("Rival secret");
  });

  it("lets viewers read but not write, and members write but not delete", async () => {
    const created = await kit
      .as(member, org.id)
      .lore.documents.create.mutate({ title: "Member notes", content: "notes", contentType: "text/plain" });
    expect((await kit.as(viewer, org.id).lore.documents.get.query({ id: created.id })).title).toBe("Member notes");
    expect(
      await codeOf(
        kit.as(viewer, org.id).lore.documents.create.mutate({ title: "No", content: "no", contentType: "text/plain" }),
      ),
    ).toBe("FORBIDDEN");
    expect(await codeOf(kit.as(member, org.id).lore.documents.delete.mutate({ id: created.id }))).toBe("FORBIDDEN");
  });
});

describe("lore.documents.list", () => {
  it("filters by category subtree, tag, status and text, newest change first, a page at a time", async () => {
    const shelf = await insertCategory(kit, other.id, "Herbals");
    const subShelf = await insertCategory(kit, other.id, "Roots", shelf);
    const elsewhere = await insertCategory(kit, other.id, "Minerals");
    const tag = await insertTag(kit, other.id, "rare");
    const client = kit.ownerOf(other);
    const mandrake = await client.lore.documents.create.mutate({
      title: "Mandrake",
      content: "The mandrake root screams when pulled.",
      contentType: "text/plain",
      categoryIds: [subShelf],
      tagIds: [tag],
    });
    const sage = await client.lore.documents.create.mutate({
      title: "Sage",
      content: "Sage leaves calm the mind.",
      contentType: "text/plain",
      categoryIds: [shelf],
      status: "draft",
    });
    const quartz = await client.lore.documents.create.mutate({
      title: "Quartz",
      content: "Quartz focuses light " + "and light ".repeat(60),
      contentType: "text/plain",
      categoryIds: [elsewhere],
    });
    const titles = async (input: Parameters<typeof client.lore.documents.list.query>[0]) =>
      (await client.lore.documents.list.query(input)).items.map((item) => item.title);

    expect(await titles({ categoryId: shelf })).toEqual(["Sage", "Mandrake"]);
    expect(await titles({ categoryId: subShelf })).toEqual(["Mandrake"]);
    expect(await titles({ tagId: tag })).toEqual(["Mandrake"]);
    expect(await titles({ status: "draft", categoryId: shelf })).toEqual(["Sage"]);
    expect(await titles({ text: "screaming roots" })).toEqual(["Mandrake"]);
    expect(await titles({ text: "mind -mandrake" })).toEqual(["Sage"]);

    const firstPage = await client.lore.documents.list.query({ limit: 2, categoryId: shelf });
    expect(firstPage.items.map((item) => item.id)).toEqual([sage.id, mandrake.id]);
    const onePerPage = await client.lore.documents.list.query({ limit: 1 });
    const secondPage = await client.lore.documents.list.query({ limit: 1, cursor: onePerPage.nextCursor ?? undefined });
    expect(onePerPage.items[0]?.id).toBe(quartz.id);
    expect(secondPage.items[0]?.id).toBe(sage.id);

    const [summary] = (await client.lore.documents.list.query({ categoryId: elsewhere })).items;
    expect(summary).not.toHaveProperty("content");
    expect(summary?.excerpt.startsWith("Quartz focuses light")).toBe(true);
    expect(summary?.excerpt.length).toBeLessThanOrEqual(200);

    expect(await codeOf(client.lore.documents.list.query({ cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
  });
});

describe("lore.documents.archive, restore and delete", () => {
  it("archives to the side and restores to the status it had; repeating either changes nothing", async () => {
    const draft = await asOwner().lore.documents.create.mutate({
      title: "Shelved draft",
      content: "Half-written.",
      contentType: "text/plain",
      status: "draft",
    });
    const archived = await asOwner().lore.documents.archive.mutate({ id: draft.id });
    expect(archived.status).toBe("archived");
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect(await asOwner().lore.documents.archive.mutate({ id: draft.id })).toEqual(archived);
    expect((await asOwner().lore.documents.list.query({ text: "shelved" })).items).toEqual([]);
    expect((await asOwner().lore.documents.list.query({ status: "archived" })).items.map((item) => item.id)).toContain(
      draft.id,
    );
    const editArchived = await failureOf(
      asOwner().lore.documents.update.mutate({ id: draft.id, expectedVersion: 1, title: "Changed" }),
    );
    expect(editArchived.data.code).toBe("PRECONDITION_FAILED");

    const restored = await asOwner().lore.documents.restore.mutate({ id: draft.id });
    expect(restored).toMatchObject({ status: "draft", archivedAt: null, version: 1 });
    expect(await asOwner().lore.documents.restore.mutate({ id: draft.id })).toEqual(restored);

    const updates = await publishedEvents(kit, "document.updated", draft.id);
    expect(updates.map((event) => event.changedFields)).toEqual([["status"], ["status"]]);
  });

  it("deletes a document for good with its versions and chunks, announcing it", async () => {
    const doomed = await asOwner().lore.documents.create.mutate({
      title: "Doomed",
      content: "Burn after reading.",
      contentType: "text/plain",
    });
    expect(await asOwner().lore.documents.delete.mutate({ id: doomed.id })).toEqual({ id: doomed.id });
    expect(await codeOf(asOwner().lore.documents.get.query({ id: doomed.id }))).toBe("NOT_FOUND");
    expect(await codeOf(asOwner().lore.documents.delete.mutate({ id: doomed.id }))).toBe("NOT_FOUND");
    const leftovers = await kit.database.ownerDb
      .selectFrom("lore.document_chunks")
      .select("id")
      .where("document_id", "=", doomed.id)
      .execute();
    expect(leftovers).toEqual([]);
    expect(await publishedEvents(kit, "document.deleted", doomed.id)).toEqual([
      { organizationId: org.id, documentId: doomed.id, deletedByUserId: org.owner.id, teamIds: [] },
    ]);
    const audit = await kit.database.ownerDb
      .selectFrom("audit.audit_logs")
      .select("action")
      .where("target_id", "=", doomed.id)
      .orderBy("created_at")
      .execute();
    expect(audit.map((row) => row.action)).toEqual(["document.created", "document.deleted"]);
  });
});
