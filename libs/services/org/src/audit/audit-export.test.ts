import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;
let owner: TestUser;
let organizationId: string;

beforeAll(async () => {
  kit = await startOrgTestKit();
  owner = await kit.createUser("owner");
  organizationId = (await kit.as(owner).org.create.mutate({ name: "Exporting Org" })).id;
});

afterAll(async () => {
  await kit?.close();
});

function exportAs(user: TestUser | null, query = "", organization: string | null = organizationId): Promise<Response> {
  const headers: Record<string, string> = {};
  if (user) headers.authorization = `Bearer ${user.token}`;
  if (organization) headers["x-organization-id"] = organization;
  return fetch(`${kit.service.url}/audit/export${query}`, { headers });
}

async function exportedLines(response: Response): Promise<Record<string, unknown>[]> {
  const text = await response.text();
  return text
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("GET /audit/export", () => {
  it("streams the whole log as NDJSON, oldest first, across many batches", async () => {
    await kit.database.ownerDb.executeQuery(
      sql`
        insert into audit.audit_logs (organization_id, actor_user_id, actor_type, action, target_type, target_id, created_at)
        select ${organizationId}::uuid, ${owner.id}::uuid, 'user', 'bulk.imported', 'item', n::text,
               now() - interval '1 day' + n * interval '1 millisecond'
        from generate_series(1, 1234) as n
      `.compile(kit.database.ownerDb),
    );
    const response = await exportAs(owner, "?action=bulk.imported");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = await exportedLines(response);
    expect(lines).toHaveLength(1234);
    expect(lines.map((line) => line.targetId)).toEqual(Array.from({ length: 1234 }, (_, index) => String(index + 1)));
    expect(lines[0]).toMatchObject({
      organizationId,
      actorUserId: owner.id,
      actorType: "user",
      action: "bulk.imported",
    });
    expect(Date.parse(String(lines[0]!.createdAt))).not.toBeNaN();
  });

  it("applies the action prefix and time range filters", async () => {
    const from = new Date().toISOString();
    await kit.as(owner, organizationId).org.teams.create.mutate({ name: "Exported team" });
    const to = new Date(Date.now() + 1_000).toISOString();
    const lines = await exportedLines(
      await exportAs(owner, `?action=team.*&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
    );
    expect(lines.map((line) => [line.action, (line.metadata as { name: string }).name])).toEqual([
      ["team.created", "Exported team"],
    ]);
  });

  it("records each export in the audit log", async () => {
    await (await exportAs(owner, "?action=team.created")).text();
    const audit = await kit.as(owner, organizationId).org.audit.list.query({ action: "audit.exported", limit: 1 });
    expect(audit.items).toEqual([
      expect.objectContaining({ actorUserId: owner.id, metadata: { filters: { action: "team.created" } } }),
    ]);
  });

  it("asks for a token, an organization, the audit:read permission and a valid query", async () => {
    const anonymous = await exportAs(null);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });

    const forged = await fetch(`${kit.service.url}/audit/export`, {
      headers: { authorization: "Bearer not.a.token", "x-organization-id": organizationId },
    });
    expect(forged.status).toBe(401);

    expect((await exportAs(owner, "", null)).status).toBe(400);

    const viewer = await kit.createUser("viewer");
    await kit.join(owner, organizationId, viewer, "viewer");
    const denied = await exportAs(viewer);
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({
      error: { code: "FORBIDDEN", message: expect.stringContaining("audit:read") },
    });

    const stranger = await kit.createUser("stranger");
    const strangerOrg = await kit.as(stranger).org.create.mutate({ name: "Stranger Org" });
    expect((await exportAs(owner, "", strangerOrg.id)).status).toBe(403);

    const badRange = await exportAs(owner, "?from=yesterday");
    expect(badRange.status).toBe(400);
    expect((await badRange.json()) as { error: { message: string } }).toMatchObject({
      error: { message: expect.stringContaining("from") },
    });
    expect((await exportAs(owner, "?unknown=1")).status).toBe(400);
  });
});
