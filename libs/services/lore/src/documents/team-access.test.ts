import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization, type LoreTestUser } from "../testing";
import { publishedEvents } from "./document-test-fixtures";

let kit: LoreTestKit;
let org: LoreTestOrganization;
let other: LoreTestOrganization;
let admin: LoreTestUser;
let alchemist: LoreTestUser;
let outsider: LoreTestUser;
let alchemists: string;
let scribes: string;

beforeAll(async () => {
  kit = await startLoreTestKit({}, { workers: false });
  org = await kit.createOrganization("guild");
  other = await kit.createOrganization("rival");
  admin = await kit.createUser("admin");
  alchemist = await kit.createUser("alchemist");
  outsider = await kit.createUser("outsider");
  await kit.addMember(org.id, admin, "admin");
  await kit.addMember(org.id, alchemist, "member");
  await kit.addMember(org.id, outsider, "member");
  alchemists = await kit.createTeam(org.id, [alchemist], "alchemists");
  scribes = await kit.createTeam(org.id, [outsider], "scribes");
});

afterAll(async () => {
  await kit?.close();
});

const asAlchemist = () => kit.as(alchemist, org.id);
const asOutsider = () => kit.as(outsider, org.id);
const asAdmin = () => kit.as(admin, org.id);

async function teamDocument(title: string) {
  return asAlchemist().lore.documents.create.mutate({
    title,
    content: `${title}: guarded knowledge of the alchemists.`,
    contentType: "text/markdown",
    teamIds: [alchemists],
  });
}

describe("team access to documents", () => {
  it("shows a team's document to its members and the organization's admins, and to no other member", async () => {
    const secret = await teamDocument("Philosopher's stone");
    expect(secret.teamIds).toEqual([alchemists]);
    const { id } = secret;
    for (const reader of [asAlchemist(), asAdmin(), kit.ownerOf(org)]) {
      expect((await reader.lore.documents.get.query({ id })).title).toBe("Philosopher's stone");
      expect((await reader.lore.documents.chunks.query({ id })).chunks.length).toBeGreaterThan(0);
      expect((await reader.lore.documents.versions.list.query({ id })).items).toHaveLength(1);
      expect((await reader.lore.documents.list.query({ text: "philosopher" })).items.map((item) => item.id)).toEqual([
        id,
      ]);
    }
    expect(await codeOf(asOutsider().lore.documents.get.query({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(asOutsider().lore.documents.chunks.query({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(asOutsider().lore.documents.versions.list.query({ id }))).toBe("NOT_FOUND");
    expect(await codeOf(asOutsider().lore.documents.versions.get.query({ id, version: 1 }))).toBe("NOT_FOUND");
    expect((await asOutsider().lore.documents.list.query({ text: "philosopher" })).items).toEqual([]);
    expect((await asOutsider().lore.documents.list.query({ teamId: alchemists })).items).toEqual([]);
    expect(await codeOf(asOutsider().lore.documents.update.mutate({ id, expectedVersion: 1, title: "Mine" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(asOutsider().lore.documents.setTeams.mutate({ id, teamIds: [] }))).toBe("NOT_FOUND");

    const [created] = await publishedEvents(kit, "document.created", id);
    expect(created?.teamIds).toEqual([alchemists]);
    const [part] = await publishedEvents(kit, "chunks.changed", id);
    expect(part?.teamIds).toEqual([alchemists]);
  });

  it("replaces a document's teams: opening it to the organization, then closing it to another team", async () => {
    const notes = await teamDocument("Furnace notes");
    const opened = await asAlchemist().lore.documents.setTeams.mutate({ id: notes.id, teamIds: [] });
    expect(opened.teamIds).toEqual([]);
    expect((await asOutsider().lore.documents.get.query({ id: notes.id })).title).toBe("Furnace notes");

    const shared = await asAdmin().lore.documents.setTeams.mutate({ id: notes.id, teamIds: [scribes, alchemists] });
    expect([...shared.teamIds].sort()).toEqual([scribes, alchemists].sort());
    expect((await asOutsider().lore.documents.get.query({ id: notes.id })).title).toBe("Furnace notes");

    const closed = await asAdmin().lore.documents.setTeams.mutate({ id: notes.id, teamIds: [scribes] });
    expect(closed.teamIds).toEqual([scribes]);
    expect(await codeOf(asAlchemist().lore.documents.get.query({ id: notes.id }))).toBe("NOT_FOUND");

    const announced = await publishedEvents(kit, "document.teams_set", notes.id);
    expect(announced.map((event) => [...event.teamIds].sort())).toEqual([[], [scribes, alchemists].sort(), [scribes]]);
    expect(announced[2]?.teamIdsAsOf).toBe(closed.updatedAt.toISOString());
  });

  it("refuses teams of another organization, unknown teams and teams that would hide the document from the caller", async () => {
    const notes = await teamDocument("Crucible log");
    const foreignTeam = await kit.createTeam(other.id, [other.owner]);
    const foreign = await failureOf(
      asAlchemist().lore.documents.setTeams.mutate({ id: notes.id, teamIds: [alchemists, foreignTeam] }),
    );
    expect(foreign.data.code).toBe("BAD_REQUEST");
    expect(foreign.data.fieldErrors).toHaveProperty(["teamIds.1"]);

    const hiding = await failureOf(asAlchemist().lore.documents.setTeams.mutate({ id: notes.id, teamIds: [scribes] }));
    expect(hiding.data.fieldErrors).toHaveProperty("teamIds");
    const hidingAtCreation = await failureOf(
      asAlchemist().lore.documents.create.mutate({
        title: "Lost at birth",
        content: "x",
        contentType: "text/plain",
        teamIds: [scribes],
      }),
    );
    expect(hidingAtCreation.data.fieldErrors).toHaveProperty("teamIds");
    expect((await asAlchemist().lore.documents.get.query({ id: notes.id })).teamIds).toEqual([alchemists]);
  });

  it("lets a team member edit the team's document and keeps the teams on the announcements", async () => {
    const recipe = await teamDocument("Elixir");
    const updated = await asAlchemist().lore.documents.update.mutate({
      id: recipe.id,
      expectedVersion: 1,
      content: "Elixir: now with moonwater.",
    });
    expect(updated).toMatchObject({ version: 2, teamIds: [alchemists] });
    const [event] = await publishedEvents(kit, "document.updated", recipe.id);
    expect(event?.teamIds).toEqual([alchemists]);
    const parts = (await publishedEvents(kit, "chunks.changed", recipe.id)).filter((part) => part.version === 2);
    expect(parts.every((part) => part.teamIds.includes(alchemists))).toBe(true);
  });
});
