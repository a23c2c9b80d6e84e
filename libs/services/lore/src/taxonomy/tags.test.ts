import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization } from "../testing";

let kit: LoreTestKit;
let org: LoreTestOrganization;
let other: LoreTestOrganization;

const UNKNOWN_ID = "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9";

beforeAll(async () => {
  kit = await startLoreTestKit({}, { workers: false });
  org = await kit.createOrganization("library");
  other = await kit.createOrganization("rival");
});

afterAll(async () => {
  await kit?.close();
});

const tags = () => kit.ownerOf(org).lore.tags;

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

async function tagDocument(organizationId: string, documentId: string, tagId: string): Promise<void> {
  await kit.database.ownerDb
    .insertInto("lore.document_tag_associations")
    .values({ organization_id: organizationId, document_id: documentId, tag_id: tagId })
    .execute();
}

async function documentsTagged(tagId: string): Promise<string[]> {
  const rows = await kit.database.ownerDb
    .selectFrom("lore.document_tag_associations")
    .select("document_id")
    .where("tag_id", "=", tagId)
    .orderBy("document_id")
    .execute();
  return rows.map((row) => row.document_id);
}

describe("lore.tags", () => {
  it("creates, recolours, renames and deletes a tag, recording each change", async () => {
    const created = await tags().create.mutate({ name: "Urgent", color: "#FF8800" });
    expect(created).toMatchObject({ name: "Urgent", color: "#ff8800", documentCount: 0 });
    const updated = await tags().update.mutate({ id: created.id, name: "Pressing", color: null });
    expect(updated).toMatchObject({ id: created.id, name: "Pressing", color: null });
    expect(await tags().delete.mutate({ id: created.id })).toEqual({ id: created.id });
    expect(await codeOf(tags().delete.mutate({ id: created.id }))).toBe("NOT_FOUND");
    const audit = await kit.database.ownerDb
      .selectFrom("audit.audit_logs")
      .select(["action", "actor_user_id"])
      .where("target_id", "=", created.id)
      .orderBy("created_at")
      .execute();
    expect(audit).toEqual([
      { action: "tag.created", actor_user_id: org.owner.id },
      { action: "tag.updated", actor_user_id: org.owner.id },
      { action: "tag.deleted", actor_user_id: org.owner.id },
    ]);
  });

  it("lists tags by name with their document counts, filtered by text, a page at a time", async () => {
    const lister = await kit.createOrganization("lister");
    const client = kit.ownerOf(lister).lore.tags;
    const organizationId = lister.id;
    const names = ["maps", "Old maps", "letters", "Map_x"];
    const created = [];
    for (const name of names) created.push(await client.create.mutate({ name }));
    await tagDocument(organizationId, await insertDocument(organizationId, "Chart"), created[0]!.id);
    const deleted = await insertDocument(organizationId, "Gone");
    await tagDocument(organizationId, deleted, created[0]!.id);
    await kit.database.ownerDb
      .updateTable("lore.documents")
      .set({ deleted_at: new Date() })
      .where("id", "=", deleted)
      .execute();

    const seen: { name: string; documentCount: number }[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.list.query({ limit: 3, cursor });
      seen.push(...page.items.map(({ name, documentCount }) => ({ name, documentCount })));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.map((tag) => tag.name)).toEqual(["Map_x", "Old maps", "letters", "maps"]);
    expect(seen.find((tag) => tag.name === "maps")?.documentCount).toBe(1);
    expect((await client.list.query({ text: "MAP" })).items.map((tag) => tag.name)).toEqual([
      "Map_x",
      "Old maps",
      "maps",
    ]);
    expect((await client.list.query({ text: "p_" })).items.map((tag) => tag.name)).toEqual(["Map_x"]);
  });

  it("answers CONFLICT name_taken for a name the organization uses, and allows it in another organization", async () => {
    const first = await tags().create.mutate({ name: "Draft" });
    const failure = await failureOf(tags().create.mutate({ name: "Draft" }));
    expect(failure.data).toMatchObject({ code: "CONFLICT", reason: "name_taken" });
    expect(failure.message).toContain("Draft");
    const second = await tags().create.mutate({ name: "Final" });
    expect((await failureOf(tags().update.mutate({ id: second.id, name: "Draft" }))).data.reason).toBe("name_taken");
    expect((await kit.ownerOf(other).lore.tags.create.mutate({ name: "Draft" })).name).toBe("Draft");
    expect((await tags().list.query({ text: "Draft" })).items.map((tag) => tag.id)).toEqual([first.id]);
  });

  it("merges tags in one step: documents keep one link to the target and the sources go", async () => {
    const target = await tags().create.mutate({ name: "Cartography" });
    const maps = await tags().create.mutate({ name: "Maps" });
    const charts = await tags().create.mutate({ name: "Charts" });
    const onlyMaps = await insertDocument(org.id, "Only maps");
    const both = await insertDocument(org.id, "Maps and charts");
    const chartsAndTarget = await insertDocument(org.id, "Charts and target");
    const onlyTarget = await insertDocument(org.id, "Only target");
    await tagDocument(org.id, onlyMaps, maps.id);
    await tagDocument(org.id, both, maps.id);
    await tagDocument(org.id, both, charts.id);
    await tagDocument(org.id, chartsAndTarget, charts.id);
    await tagDocument(org.id, chartsAndTarget, target.id);
    await tagDocument(org.id, onlyTarget, target.id);

    const merged = await tags().merge.mutate({ sourceTagIds: [maps.id, charts.id, maps.id], targetTagId: target.id });
    expect(merged.tag).toMatchObject({ id: target.id, name: "Cartography", documentCount: 4 });
    expect(merged.mergedTagIds).toEqual([maps.id, charts.id]);
    expect(await documentsTagged(target.id)).toEqual([onlyMaps, both, chartsAndTarget, onlyTarget].sort());
    expect(await documentsTagged(maps.id)).toEqual([]);
    expect(await codeOf(tags().update.mutate({ id: maps.id, name: "Back" }))).toBe("NOT_FOUND");
    const audit = await kit.database.ownerDb
      .selectFrom("audit.audit_logs")
      .select(["action", "metadata"])
      .where("target_id", "=", target.id)
      .where("action", "=", "tag.merged")
      .executeTakeFirstOrThrow();
    expect(audit.metadata).toMatchObject({ sourceNames: ["Maps", "Charts"], addedLinks: 2 });
  });

  it("refuses a merge naming the target among the sources, unknown or foreign tags, and changes nothing", async () => {
    const target = await tags().create.mutate({ name: "Keeper" });
    const source = await tags().create.mutate({ name: "Leaver" });
    const foreign = await kit.ownerOf(other).lore.tags.create.mutate({ name: "Theirs" });

    const selfMerge = await failureOf(
      tags().merge.mutate({ sourceTagIds: [source.id, target.id], targetTagId: target.id }),
    );
    expect(selfMerge.data.code).toBe("BAD_REQUEST");
    expect(selfMerge.data.fieldErrors?.sourceTagIds).toEqual(["must not include targetTagId"]);
    expect(
      (await failureOf(tags().merge.mutate({ sourceTagIds: [], targetTagId: target.id }))).data.fieldErrors
        ?.sourceTagIds,
    ).toBeDefined();
    const tooMany = Array.from({ length: 101 }, () => source.id);
    expect((await failureOf(tags().merge.mutate({ sourceTagIds: tooMany, targetTagId: target.id }))).data.code).toBe(
      "BAD_REQUEST",
    );

    const foreignSource = await failureOf(
      tags().merge.mutate({ sourceTagIds: [source.id, foreign.id, UNKNOWN_ID], targetTagId: target.id }),
    );
    expect(foreignSource.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(foreignSource.data.fieldErrors ?? {}).sort()).toEqual(["sourceTagIds.1", "sourceTagIds.2"]);
    expect(await codeOf(tags().merge.mutate({ sourceTagIds: [source.id], targetTagId: foreign.id }))).toBe("NOT_FOUND");
    expect((await tags().list.query({ text: "Leaver" })).items).toHaveLength(1);
    expect((await kit.ownerOf(other).lore.tags.list.query({ text: "Theirs" })).items).toHaveLength(1);
  });

  it("counts only visible documents, and lets only those who see every document merge", async () => {
    const member = await kit.createUser("member");
    await kit.addMember(org.id, member, "member");
    const teamId = await kit.createTeam(org.id, [org.owner]);
    const target = await tags().create.mutate({ name: "Classified" });
    const source = await tags().create.mutate({ name: "Secret" });
    const open = await insertDocument(org.id, "Public note");
    const sealed = await insertDocument(org.id, "Sealed note", teamId);
    await tagDocument(org.id, open, source.id);
    await tagDocument(org.id, sealed, source.id);

    const asMember = kit.as(member, org.id).lore.tags;
    expect((await asMember.list.query({ text: "Secret" })).items[0]?.documentCount).toBe(1);
    expect((await tags().list.query({ text: "Secret" })).items[0]?.documentCount).toBe(2);
    expect(await codeOf(asMember.merge.mutate({ sourceTagIds: [source.id], targetTagId: target.id }))).toBe(
      "FORBIDDEN",
    );
    expect(await documentsTagged(source.id)).toEqual([open, sealed].sort());

    const merged = await tags().merge.mutate({ sourceTagIds: [source.id], targetTagId: target.id });
    expect(merged.tag.documentCount).toBe(2);
    expect(await documentsTagged(target.id)).toEqual([open, sealed].sort());
  });

  it("never shows or changes another organization's tags", async () => {
    const foreign = await kit.ownerOf(other).lore.tags.create.mutate({ name: "Private" });
    expect((await tags().list.query({ text: "Private" })).items).toEqual([]);
    expect(await codeOf(tags().update.mutate({ id: foreign.id, name: "Mine" }))).toBe("NOT_FOUND");
    expect(await codeOf(tags().delete.mutate({ id: foreign.id }))).toBe("NOT_FOUND");
    expect((await kit.ownerOf(other).lore.tags.list.query({ text: "Private" })).items[0]?.name).toBe("Private");
  });

  it("refuses bad input with the field, and changes by viewers", async () => {
    expect((await failureOf(tags().create.mutate({ name: "" }))).data.fieldErrors?.name).toBeDefined();
    expect((await failureOf(tags().create.mutate({ name: "x".repeat(101) }))).data.fieldErrors?.name).toBeDefined();
    expect(
      (await failureOf(tags().create.mutate({ name: "Red", color: "red" }))).data.fieldErrors?.color,
    ).toBeDefined();
    expect((await failureOf(tags().update.mutate({ id: "nope", name: "x" }))).data.fieldErrors?.id).toBeDefined();
    expect(await codeOf(tags().update.mutate({ id: UNKNOWN_ID }))).toBe("BAD_REQUEST");
    expect((await failureOf(tags().list.query({ limit: 0 }))).data.fieldErrors?.limit).toBeDefined();

    const viewer = await kit.createUser("viewer");
    await kit.addMember(org.id, viewer, "viewer");
    expect(await codeOf(kit.as(viewer, org.id).lore.tags.create.mutate({ name: "Viewer's" }))).toBe("FORBIDDEN");
  });
});
