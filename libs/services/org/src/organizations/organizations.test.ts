import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;
let founder: TestUser;

beforeAll(async () => {
  kit = await startOrgTestKit();
  founder = await kit.createUser("founder");
});

afterAll(async () => {
  await kit?.close();
});

describe("org.create", () => {
  it("creates an organization whose creator is its owner, with audit row and events", async () => {
    await kit.takeEvents();
    const organization = await kit.as(founder).org.create.mutate({ name: "Acme Research", description: "Labs" });
    expect(organization).toMatchObject({
      name: "Acme Research",
      slug: "acme-research",
      description: "Labs",
      archivedAt: null,
    });

    const members = await kit.as(founder, organization.id).org.members.list.query({});
    expect(members.items).toEqual([expect.objectContaining({ userId: founder.id, role: "owner" })]);

    const audit = await kit.as(founder, organization.id).org.audit.list.query({ action: "organization.created" });
    expect(audit.items).toEqual([
      expect.objectContaining({ actorUserId: founder.id, actorType: "user", targetId: organization.id }),
    ]);

    const events = await kit.takeEvents();
    expect(events.map((event) => event.type)).toEqual(["organization.created", "member.added"]);
    expect(events[0]).toMatchObject({
      organizationId: organization.id,
      payload: { organizationId: organization.id, slug: "acme-research", createdByUserId: founder.id },
      metadata: { actorUserId: founder.id },
    });
    expect(events[1]?.payload).toMatchObject({ userId: founder.id, role: "owner" });
  });

  it("derives a free slug from the name and refuses a taken slug given explicitly", async () => {
    const first = await kit.as(founder).org.create.mutate({ name: "Über Team!" });
    expect(first.slug).toBe("uber-team");
    const second = await kit.as(founder).org.create.mutate({ name: "Uber Team" });
    expect(second.slug).toMatch(/^uber-team-[0-9a-f]{6}$/);
    const taken = await failureOf(kit.as(founder).org.create.mutate({ name: "Copy", slug: "uber-team" }));
    expect(taken.data).toMatchObject({ code: "CONFLICT", reason: "slug_taken" });
    expect(taken.message).toContain("uber-team");
  });

  it("rejects a malformed slug and an empty name with field errors", async () => {
    const failure = await failureOf(kit.as(founder).org.create.mutate({ name: "  ", slug: "-Bad Slug" }));
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(failure.data.fieldErrors ?? {}).sort()).toEqual(["name", "slug"]);
  });

  it("asks anonymous callers to sign in", async () => {
    expect(await codeOf(kit.service.client().org.create.mutate({ name: "Nobody's" }))).toBe("UNAUTHORIZED");
  });
});

describe("org.get and org.listMine", () => {
  it("lists only the organizations the caller belongs to, with their role", async () => {
    const loner = await kit.createUser("loner");
    const own = await kit.as(loner).org.create.mutate({ name: "Loner Works" });
    const mine = await kit.as(loner).org.listMine.query();
    expect(mine.items).toEqual([expect.objectContaining({ id: own.id, role: "owner" })]);
    expect(await kit.as(loner, own.id).org.get.query()).toMatchObject({ id: own.id, name: "Loner Works" });
  });

  it("pages through the caller's organizations by name with the shared cursor", async () => {
    const collector = await kit.createUser("collector");
    for (const name of ["Gamma", "Alpha", "Beta"]) await kit.as(collector).org.create.mutate({ name });
    const first = await kit.as(collector).org.listMine.query({ limit: 2 });
    expect(first.items.map((organization) => organization.name)).toEqual(["Alpha", "Beta"]);
    const second = await kit.as(collector).org.listMine.query({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second).toEqual({ items: [expect.objectContaining({ name: "Gamma" })], nextCursor: null });
  });

  it("leaves archived organizations out unless asked for them", async () => {
    const user = await kit.createUser("archivist");
    const organization = await kit.as(user).org.create.mutate({ name: "Old Things" });
    await kit.as(user, organization.id).org.archive.mutate();
    expect((await kit.as(user).org.listMine.query()).items).toEqual([]);
    expect((await kit.as(user).org.listMine.query({ includeArchived: true })).items).toEqual([
      expect.objectContaining({ id: organization.id, archivedAt: expect.any(Date) }),
    ]);
  });
});

describe("org.update", () => {
  it("renames and re-slugs the organization and publishes organization.updated", async () => {
    const organization = await kit.as(founder).org.create.mutate({ name: "Rename Me" });
    await kit.takeEvents();
    const updated = await kit
      .as(founder, organization.id)
      .org.update.mutate({ name: "Renamed", slug: "renamed-org", logoUrl: "https://example.test/logo.png" });
    expect(updated).toMatchObject({ name: "Renamed", slug: "renamed-org", logoUrl: "https://example.test/logo.png" });
    const events = await kit.takeEvents();
    expect(events).toEqual([
      expect.objectContaining({
        type: "organization.updated",
        payload: expect.objectContaining({ changedFields: ["name", "slug", "logo_url"], updatedByUserId: founder.id }),
      }),
    ]);
  });

  it("answers CONFLICT when the new slug belongs to another organization", async () => {
    const organization = await kit.as(founder).org.create.mutate({ name: "Slug Thief" });
    const failure = await failureOf(kit.as(founder, organization.id).org.update.mutate({ slug: "acme-research" }));
    expect(failure.data).toMatchObject({ code: "CONFLICT", reason: "slug_taken" });
    expect(failure.message).toContain("acme-research");
  });

  it("needs at least one field to change", async () => {
    const organization = await kit.as(founder).org.create.mutate({ name: "Unchanged" });
    expect(await codeOf(kit.as(founder, organization.id).org.update.mutate({}))).toBe("BAD_REQUEST");
  });
});

describe("org.archive and org.restore", () => {
  it("freezes an archived organization until an owner restores it", async () => {
    const organization = await kit.as(founder).org.create.mutate({ name: "Frozen" });
    const client = kit.as(founder, organization.id);
    expect((await client.org.archive.mutate()).archivedAt).toBeInstanceOf(Date);
    expect(await codeOf(client.org.archive.mutate())).toBe("CONFLICT");
    expect((await failureOf(client.org.update.mutate({ name: "Thawed?" }))).data).toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "organization_archived",
    });
    expect(await codeOf(client.org.teams.create.mutate({ name: "Ice" }))).toBe("PRECONDITION_FAILED");
    expect((await client.org.get.query()).archivedAt).toBeInstanceOf(Date);

    expect((await client.org.restore.mutate()).archivedAt).toBeNull();
    expect((await client.org.update.mutate({ name: "Thawed" })).name).toBe("Thawed");
    const audit = await client.org.audit.list.query({ action: "organization.*" });
    expect(audit.items.map((entry) => entry.action)).toEqual([
      "organization.updated",
      "organization.restored",
      "organization.archived",
      "organization.created",
    ]);
  });

  it("lets only owners archive", async () => {
    const organization = await kit.as(founder).org.create.mutate({ name: "Admins Cannot Archive" });
    const admin = await kit.createUser("admin");
    await kit.database.ownerDb
      .insertInto("organization_users")
      .values({ organization_id: organization.id, user_id: admin.id, role: "admin" })
      .execute();
    expect(await codeOf(kit.as(admin, organization.id).org.archive.mutate())).toBe("FORBIDDEN");
  });
});
