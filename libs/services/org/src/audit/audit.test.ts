import { withTenant } from "@cauldron/db";
import { codeOf } from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;
let owner: TestUser;
let admin: TestUser;
let organizationId: string;

beforeAll(async () => {
  kit = await startOrgTestKit();
  owner = await kit.createUser("owner");
  admin = await kit.createUser("admin");
  organizationId = (await kit.as(owner).org.create.mutate({ name: "Audited Org" })).id;
  await kit.join(owner, organizationId, admin, "admin");
});

afterAll(async () => {
  await kit?.close();
});

const asOwner = () => kit.as(owner, organizationId);

describe("org.audit.list", () => {
  it("pages newest first without repeating or skipping entries", async () => {
    for (let index = 0; index < 7; index += 1) await asOwner().org.teams.create.mutate({ name: `Paged ${index}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await asOwner().org.audit.list.query({ action: "team.created", limit: 3, cursor });
      seen.push(...page.items.map((entry) => (entry.metadata as { name: string }).name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["Paged 6", "Paged 5", "Paged 4", "Paged 3", "Paged 2", "Paged 1", "Paged 0"]);
  });

  it("filters by actor, action prefix, target and time range", async () => {
    const before = new Date();
    const team = await kit.as(admin, organizationId).org.teams.create.mutate({ name: "Filtered" });
    await asOwner().org.teams.update.mutate({ teamId: team.id, description: "changed" });
    const after = new Date();

    const byAdmin = await asOwner().org.audit.list.query({ actorUserId: admin.id, action: "team.*" });
    expect(byAdmin.items.map((entry) => entry.action)).toEqual(["team.created"]);
    const byTarget = await asOwner().org.audit.list.query({ targetType: "team", targetId: team.id });
    expect(byTarget.items.map((entry) => [entry.action, entry.actorUserId])).toEqual([
      ["team.updated", owner.id],
      ["team.created", admin.id],
    ]);
    const inRange = await asOwner().org.audit.list.query({ from: before, to: after });
    expect(inRange.items.map((entry) => entry.action)).toEqual(["team.updated", "team.created"]);
    expect((await asOwner().org.audit.list.query({ to: before, action: "team.updated" })).items).toEqual([]);
  });

  it("records who acted, from where and in which request", async () => {
    await kit.service
      .client({
        token: owner.token,
        organizationId,
        headers: { "x-request-id": "audit-trace-1", "user-agent": "audit-spec" },
      })
      .org.teams.create.mutate({ name: "Traced" });
    const [entry] = (await asOwner().org.audit.list.query({ action: "team.created", limit: 1 })).items;
    expect(entry).toMatchObject({
      organizationId,
      actorUserId: owner.id,
      actorType: "user",
      requestId: "audit-trace-1",
      userAgent: "audit-spec",
      ip: expect.stringMatching(/127\.0\.0\.1/),
      metadata: { name: "Traced" },
    });
  });

  it("is readable by owners and admins only", async () => {
    const member = await kit.createUser("member");
    const viewer = await kit.createUser("viewer");
    await kit.join(owner, organizationId, member, "member");
    await kit.join(owner, organizationId, viewer, "viewer");
    expect((await kit.as(admin, organizationId).org.audit.list.query({})).items.length).toBeGreaterThan(0);
    expect(await codeOf(kit.as(member, organizationId).org.audit.list.query({}))).toBe("FORBIDDEN");
    expect(await codeOf(kit.as(viewer, organizationId).org.audit.list.query({}))).toBe("FORBIDDEN");
  });

  it("rejects a time range that ends before it starts", async () => {
    const attempt = asOwner().org.audit.list.query({ from: new Date("2030-01-02"), to: new Date("2030-01-01") });
    expect(await codeOf(attempt)).toBe("BAD_REQUEST");
  });
});

describe("audit rows", () => {
  it("cannot be changed or deleted by the services' database role", async () => {
    const asTenant = <T>(work: Parameters<typeof withTenant<T>>[2]) =>
      withTenant(kit.database.db, { userId: owner.id, organizationId }, work);
    const update = asTenant((trx) => sql`update audit.audit_logs set action = 'forged'`.execute(trx));
    await expect(update).rejects.toMatchObject({ code: "42501" });
    const remove = asTenant((trx) => sql`delete from audit.audit_logs`.execute(trx));
    await expect(remove).rejects.toMatchObject({ code: "42501" });
    const forged = await kit.database.ownerDb
      .selectFrom("audit.audit_logs")
      .select("id")
      .where("action", "=", "forged")
      .execute();
    expect(forged).toEqual([]);
  });
});
