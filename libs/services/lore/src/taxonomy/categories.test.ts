import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization } from "../testing";

let kit: LoreTestKit;
let org: LoreTestOrganization;
let other: LoreTestOrganization;

const UNKNOWN_ID = "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9";

beforeAll(async () => {
  kit = await startLoreTestKit({}, { workers: false });
  org = await kit.createOrganization("atlas");
  other = await kit.createOrganization("rival");
});

afterAll(async () => {
  await kit?.close();
});

const categories = () => kit.ownerOf(org).lore.categories;

async function insertDocument(organizationId: string, title: string, teamId?: string): Promise<string> {
  const document = await kit.database.ownerDb
    .insertInto("lore.documents")
    .values({ organization_id: organizationId, title })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (teamId) {
    await kit.database.ownerDb
      .insertInto("lore.document_teams")
      .values({ organization_id: organizationId, document_id: document.id, team_id: teamId })
      .execute();
  }
  return document.id;
}

async function fileDocument(organizationId: string, documentId: string, categoryId: string): Promise<void> {
  await kit.database.ownerDb
    .insertInto("lore.document_category_associations")
    .values({ organization_id: organizationId, document_id: documentId, category_id: categoryId })
    .execute();
}

async function parentOf(categoryId: string): Promise<string | null> {
  const row = await kit.database.ownerDb
    .selectFrom("lore.document_categories")
    .select("parent_id")
    .where("id", "=", categoryId)
    .executeTakeFirstOrThrow();
  return row.parent_id;
}

describe("lore.categories", () => {
  it("creates a tree, reads a category with its path, counts and audit trail, and renames it", async () => {
    const realm = await categories().create.mutate({ name: "Realms", description: "Places" });
    expect(realm).toMatchObject({
      name: "Realms",
      slug: "realms",
      parentId: null,
      description: "Places",
      sortOrder: 0,
      path: [],
      childCount: 0,
      documentCount: 0,
    });
    const north = await categories().create.mutate({ name: "The North", parentId: realm.id, sortOrder: 2 });
    const keep = await categories().create.mutate({ name: "Keeps", parentId: north.id });
    const documentId = await insertDocument(org.id, "Winterfell");
    await fileDocument(org.id, documentId, keep.id);

    expect(await categories().get.query({ id: keep.id })).toMatchObject({
      parentId: north.id,
      slug: "keeps",
      path: [
        { id: realm.id, name: "Realms" },
        { id: north.id, name: "The North" },
      ],
      documentCount: 1,
    });
    expect((await categories().get.query({ id: realm.id })).childCount).toBe(1);

    const renamed = await categories().update.mutate({ id: north.id, name: "The Far North", description: null });
    expect(renamed).toMatchObject({ name: "The Far North", slug: "the-north", description: null, sortOrder: 2 });
    const audit = await kit.database.ownerDb
      .selectFrom("audit.audit_logs")
      .select(["action", "actor_user_id"])
      .where("target_id", "=", north.id)
      .orderBy("created_at")
      .execute();
    expect(audit).toEqual([
      { action: "category.created", actor_user_id: org.owner.id },
      { action: "category.updated", actor_user_id: org.owner.id },
    ]);
  });

  it("derives slugs from names, suffixing taken ones, and refuses taken slugs and sibling names", async () => {
    const first = await categories().create.mutate({ name: "Field Notes & Maps" });
    expect(first.slug).toBe("field-notes-maps");
    const nested = await categories().create.mutate({ name: "Field notes & maps", parentId: first.id });
    expect(nested.slug).toBe("field-notes-maps-2");
    expect((await categories().create.mutate({ name: "Ünïcode Café" })).slug).toBe("unicode-cafe");
    expect((await categories().create.mutate({ name: "日本語" })).slug).toBe("category");

    const slugTaken = await failureOf(categories().create.mutate({ name: "Other maps", slug: "field-notes-maps" }));
    expect(slugTaken.data).toMatchObject({ code: "CONFLICT", reason: "slug_taken" });
    expect(slugTaken.message).toContain("field-notes-maps");
    const nameTaken = await failureOf(categories().create.mutate({ name: "FIELD NOTES & MAPS" }));
    expect(nameTaken.data).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
    expect(nameTaken.message).toContain("at the top level");
    expect((await failureOf(categories().update.mutate({ id: nested.id, slug: "field-notes-maps" }))).data.reason).toBe(
      "slug_taken",
    );
    expect((await kit.ownerOf(other).lore.categories.create.mutate({ name: "Field Notes & Maps" })).slug).toBe(
      "field-notes-maps",
    );
  });

  it("lists top-level categories or a category's children in sort order, a page at a time", async () => {
    const shelf = await categories().create.mutate({ name: "Shelf" });
    for (const [name, sortOrder] of [
      ["Gamma", 1],
      ["Alpha", 2],
      ["Beta", 1],
      ["Delta", 0],
    ] as const) {
      await categories().create.mutate({ name, sortOrder, parentId: shelf.id });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await categories().list.query({ parentId: shelf.id, limit: 3, cursor });
      seen.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["Delta", "Beta", "Gamma", "Alpha"]);

    const roots = await categories().list.query({ limit: 200 });
    expect(roots.items.every((item) => item.parentId === null)).toBe(true);
    expect(roots.items.map((item) => item.id)).toContain(shelf.id);
    expect(await codeOf(categories().list.query({ parentId: UNKNOWN_ID }))).toBe("NOT_FOUND");
    expect(await codeOf(categories().list.query({ cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
  });

  it("answers a tree depth-first with depths, bounded by maxDepth, and a subtree from one category", async () => {
    const client = kit.ownerOf(await kit.createOrganization("forest")).lore.categories;
    const a = await client.create.mutate({ name: "A" });
    const b = await client.create.mutate({ name: "B" });
    const a1 = await client.create.mutate({ name: "A1", parentId: a.id });
    await client.create.mutate({ name: "A1x", parentId: a1.id });
    await client.create.mutate({ name: "A2", parentId: a.id, sortOrder: -1 });
    await client.create.mutate({ name: "B1", parentId: b.id });

    const tree = await client.tree.query({});
    expect(tree.truncated).toBe(false);
    expect(tree.nodes.map((node) => [node.name, node.depth])).toEqual([
      ["A", 0],
      ["A2", 1],
      ["A1", 1],
      ["A1x", 2],
      ["B", 0],
      ["B1", 1],
    ]);
    expect((await client.tree.query({ maxDepth: 0 })).nodes.map((node) => [node.name, node.childCount])).toEqual([
      ["A", 2],
      ["B", 1],
    ]);
    expect((await client.tree.query({ rootId: a.id, maxDepth: 1 })).nodes.map((node) => node.name)).toEqual([
      "A",
      "A2",
      "A1",
    ]);
    expect((await client.subtree.query({ id: a1.id })).nodes.map((node) => [node.name, node.depth])).toEqual([
      ["A1", 0],
      ["A1x", 1],
    ]);
    expect(await codeOf(client.subtree.query({ id: UNKNOWN_ID }))).toBe("NOT_FOUND");
    expect(await codeOf(client.tree.query({ rootId: UNKNOWN_ID }))).toBe("NOT_FOUND");
  });

  it("moves a category with its subtree and refuses moving it under itself or a descendant", async () => {
    const top = await categories().create.mutate({ name: "Archive" });
    const middle = await categories().create.mutate({ name: "Letters", parentId: top.id });
    const deep = await categories().create.mutate({ name: "Drafts", parentId: middle.id });
    const elsewhere = await categories().create.mutate({ name: "Elsewhere" });

    const itself = await failureOf(categories().move.mutate({ id: top.id, parentId: top.id }));
    expect(itself.data.code).toBe("BAD_REQUEST");
    expect(itself.data.fieldErrors?.parentId?.[0]).toContain("own parent");
    const direct = await failureOf(categories().move.mutate({ id: top.id, parentId: middle.id }));
    expect(direct.data.fieldErrors?.parentId?.[0]).toContain("descendants");
    const deeper = await failureOf(categories().move.mutate({ id: top.id, parentId: deep.id }));
    expect(deeper.data.fieldErrors?.parentId?.[0]).toContain("descendants");
    expect(await parentOf(top.id)).toBeNull();

    const moved = await categories().move.mutate({ id: middle.id, parentId: elsewhere.id });
    expect(moved.path).toEqual([{ id: elsewhere.id, name: "Elsewhere" }]);
    expect((await categories().get.query({ id: deep.id })).path.map((step) => step.name)).toEqual([
      "Elsewhere",
      "Letters",
    ]);
    expect((await categories().move.mutate({ id: middle.id, parentId: null })).parentId).toBeNull();

    await categories().create.mutate({ name: "Letters", parentId: elsewhere.id });
    const clash = await failureOf(categories().move.mutate({ id: middle.id, parentId: elsewhere.id }));
    expect(clash.data).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
  });

  it("lets exactly one of two opposite concurrent moves win, leaving no cycle", async () => {
    for (let round = 0; round < 5; round += 1) {
      const a = await categories().create.mutate({ name: `Race A ${round}` });
      const b = await categories().create.mutate({ name: `Race B ${round}` });
      const outcomes = await Promise.allSettled([
        categories().move.mutate({ id: a.id, parentId: b.id }),
        categories().move.mutate({ id: b.id, parentId: a.id }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.find((outcome) => outcome.status === "rejected");
      expect(await codeOf(Promise.reject(refused?.reason))).toBe("BAD_REQUEST");
      const parents = [await parentOf(a.id), await parentOf(b.id)];
      expect(parents.filter((parent) => parent === null)).toHaveLength(1);
    }
  });

  it("deletes a category with its whole subtree and their document links", async () => {
    const top = await categories().create.mutate({ name: "Condemned" });
    const child = await categories().create.mutate({ name: "Wing", parentId: top.id });
    const grandchild = await categories().create.mutate({ name: "Room", parentId: child.id });
    const documentId = await insertDocument(org.id, "Floor plan");
    await fileDocument(org.id, documentId, grandchild.id);

    expect(await categories().delete.mutate({ id: top.id })).toEqual({ id: top.id, deletedCategories: 3 });
    expect(await codeOf(categories().get.query({ id: grandchild.id }))).toBe("NOT_FOUND");
    const links = await kit.database.ownerDb
      .selectFrom("lore.document_category_associations")
      .select("id")
      .where("document_id", "=", documentId)
      .execute();
    expect(links).toEqual([]);
    expect(await codeOf(categories().delete.mutate({ id: top.id }))).toBe("NOT_FOUND");
  });

  it("counts only the documents the caller may see", async () => {
    const member = await kit.createUser("outsider");
    await kit.addMember(org.id, member, "member");
    const insider = await kit.createUser("insider");
    await kit.addMember(org.id, insider, "member");
    const teamId = await kit.createTeam(org.id, [insider]);
    const category = await categories().create.mutate({ name: "Secrets" });
    await fileDocument(org.id, await insertDocument(org.id, "Open letter"), category.id);
    await fileDocument(org.id, await insertDocument(org.id, "Sealed letter", teamId), category.id);

    expect((await categories().get.query({ id: category.id })).documentCount).toBe(2);
    expect((await kit.as(insider, org.id).lore.categories.get.query({ id: category.id })).documentCount).toBe(2);
    expect((await kit.as(member, org.id).lore.categories.get.query({ id: category.id })).documentCount).toBe(1);
  });

  it("never shows or changes another organization's categories, nor takes one as a parent", async () => {
    const foreign = await kit.ownerOf(other).lore.categories.create.mutate({ name: "Foreign land" });
    const mine = await categories().create.mutate({ name: "Homeland" });
    expect(await codeOf(categories().get.query({ id: foreign.id }))).toBe("NOT_FOUND");
    expect(await codeOf(categories().subtree.query({ id: foreign.id }))).toBe("NOT_FOUND");
    expect(await codeOf(categories().list.query({ parentId: foreign.id }))).toBe("NOT_FOUND");
    expect(await codeOf(categories().update.mutate({ id: foreign.id, name: "Taken" }))).toBe("NOT_FOUND");
    expect(await codeOf(categories().move.mutate({ id: foreign.id, parentId: null }))).toBe("NOT_FOUND");
    expect(await codeOf(categories().delete.mutate({ id: foreign.id }))).toBe("NOT_FOUND");
    const asParent = await failureOf(categories().create.mutate({ name: "Colony", parentId: foreign.id }));
    expect(asParent.data.code).toBe("BAD_REQUEST");
    expect(asParent.data.fieldErrors?.parentId).toEqual(["no category with this id in this organization"]);
    const moveUnder = await failureOf(categories().move.mutate({ id: mine.id, parentId: foreign.id }));
    expect(moveUnder.data.fieldErrors?.parentId).toBeDefined();
    expect((await categories().tree.query({})).nodes.map((node) => node.id)).not.toContain(foreign.id);
    expect((await kit.ownerOf(other).lore.categories.get.query({ id: foreign.id })).name).toBe("Foreign land");
  });

  it("refuses bad input with the field, and writes by viewers", async () => {
    const empty = await failureOf(categories().create.mutate({ name: "   " }));
    expect(empty.data.code).toBe("BAD_REQUEST");
    expect(empty.data.fieldErrors?.name).toBeDefined();
    expect(
      (await failureOf(categories().create.mutate({ name: "Ok", slug: "Not A Slug" }))).data.fieldErrors?.slug,
    ).toBeDefined();
    expect(
      (await failureOf(categories().create.mutate({ name: "Ok", sortOrder: 10_000_000 }))).data.fieldErrors?.sortOrder,
    ).toBeDefined();
    expect(
      (await failureOf(categories().create.mutate({ name: "Bad\u0000name" }))).data.fieldErrors?.name,
    ).toBeDefined();
    expect((await failureOf(categories().get.query({ id: "nope" }))).data.fieldErrors?.id).toBeDefined();
    expect(await codeOf(categories().update.mutate({ id: UNKNOWN_ID }))).toBe("BAD_REQUEST");
    expect((await failureOf(categories().tree.query({ maxDepth: -1 }))).data.fieldErrors?.maxDepth).toBeDefined();

    const viewer = await kit.createUser("viewer");
    await kit.addMember(org.id, viewer, "viewer");
    const asViewer = kit.as(viewer, org.id).lore.categories;
    expect(await codeOf(asViewer.create.mutate({ name: "Viewer's" }))).toBe("FORBIDDEN");
    expect((await asViewer.tree.query({})).nodes.length).toBeGreaterThan(0);
  });
});
