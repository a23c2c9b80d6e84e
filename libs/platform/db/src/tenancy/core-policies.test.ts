import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../schema/database.generated";
import { withSystem, withTenant } from "../tenant";
import { createTenant, seedCoreTenant, type TenantFixture } from "./fixtures/core";

let database: TestDatabase;
let alpha: TenantFixture;
let bravo: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  [alpha, bravo] = await withSystem(database.db, async (trx) => {
    const tenants = [await createTenant(trx, "alpha"), await createTenant(trx, "bravo")] as const;
    for (const tenant of tenants) await seedCoreTenant(trx, tenant);
    return tenants;
  });
});

afterAll(async () => {
  await database?.destroy();
});

function asAlpha<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return withTenant(database.db, { userId: alpha.userId, organizationId: alpha.organizationId }, work);
}

async function errorOf(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  return promise.then(
    () => ({ code: "none", message: "the statement succeeded" }),
    (error: unknown) => error as { code?: string; message?: string },
  );
}

describe("organizations", () => {
  it("shows a tenant its active organization and hides one it does not belong to", async () => {
    const visible = await asAlpha((trx) => trx.selectFrom("organizations").select("id").execute());
    expect(visible.map((row) => row.id)).toEqual([alpha.organizationId]);
  });

  it("shows the organizations a user belongs to, but changes only the active one", async () => {
    const database2 = await createTestDatabase();
    try {
      const [one, two] = await withSystem(database2.db, async (trx) => {
        const one = await createTenant(trx, "one");
        const two = await createTenant(trx, "two");
        await trx
          .insertInto("organization_users")
          .values({ organization_id: two.organizationId, user_id: one.userId, role: "member" })
          .execute();
        return [one, two];
      });
      await withTenant(database2.db, { userId: one.userId, organizationId: one.organizationId }, async (trx) => {
        const ids = (await trx.selectFrom("organizations").select("id").execute()).map((row) => row.id);
        expect(ids.sort()).toEqual([one.organizationId, two.organizationId].sort());
        const renamed = await trx
          .updateTable("organizations")
          .set({ name: "taken over" })
          .where("id", "=", two.organizationId)
          .executeTakeFirst();
        expect(renamed.numUpdatedRows).toBe(0n);
        const colleague = await trx.selectFrom("users").select("id").where("id", "=", two.userId).execute();
        expect(colleague).toHaveLength(1);
      });
    } finally {
      await database2.destroy();
    }
  });

  it("lets a tenant create an organization only under the id it made active", async () => {
    const id = crypto.randomUUID();
    const created = await withTenant(database.db, { userId: alpha.userId, organizationId: id }, (trx) =>
      trx
        .insertInto("organizations")
        .values({ id, name: "New", slug: `new-${id.slice(0, 8)}` })
        .execute(),
    );
    expect(created).toHaveLength(1);
    const other = crypto.randomUUID();
    const refused = await errorOf(
      asAlpha((trx) =>
        trx
          .insertInto("organizations")
          .values({ id: other, name: "Other", slug: `o-${other.slice(0, 8)}` })
          .execute(),
      ),
    );
    expect(refused.code).toBe("42501");
  });
});

describe("users", () => {
  it("shows a user themself but not people they share no organization with", async () => {
    const ids = await asAlpha((trx) => trx.selectFrom("users").select("id").execute());
    expect(ids.map((row) => row.id)).toEqual([alpha.userId]);
  });

  it("lets a user change their own account and nobody else's", async () => {
    const [own, other] = await asAlpha(async (trx) => [
      await trx.updateTable("users").set({ display_name: "Alpha" }).where("id", "=", alpha.userId).executeTakeFirst(),
      await trx
        .updateTable("users")
        .set({ display_name: "Hijacked" })
        .where("id", "=", bravo.userId)
        .executeTakeFirst(),
    ]);
    expect(own.numUpdatedRows).toBe(1n);
    expect(other.numUpdatedRows).toBe(0n);
  });
});

describe("roles and permissions", () => {
  it("shows every tenant the global roles and its own custom roles, never another tenant's", async () => {
    const roles = await asAlpha((trx) => trx.selectFrom("roles").select(["name", "organization_id"]).execute());
    const global = roles.filter((role) => role.organization_id === null).map((role) => role.name);
    expect(global.sort()).toEqual(["admin", "member", "owner", "platform_admin", "viewer"]);
    expect(
      roles
        .filter((role) => role.organization_id !== null)
        .every((role) => role.organization_id === alpha.organizationId),
    ).toBe(true);
  });

  it("keeps global roles and their permissions read-only for tenants", async () => {
    const [renamed, unlinked] = await asAlpha(async (trx) => [
      await trx
        .updateTable("roles")
        .set({ description: "mine now" })
        .where("organization_id", "is", null)
        .executeTakeFirst(),
      await trx.deleteFrom("role_permissions").where("organization_id", "is", null).executeTakeFirst(),
    ]);
    expect(renamed.numUpdatedRows).toBe(0n);
    expect(unlinked.numDeletedRows).toBe(0n);
    const created = await errorOf(asAlpha((trx) => trx.insertInto("roles").values({ name: "superuser" }).execute()));
    expect(created.code).toBe("42501");
  });

  it("seeds resource:action permissions that every tenant reads and none changes", async () => {
    const names = await asAlpha((trx) => trx.selectFrom("permissions").select("name").execute());
    expect(names.map((row) => row.name)).toEqual(
      expect.arrayContaining(["documents:read", "members:invite", "users:admin"]),
    );
    const removed = await asAlpha((trx) => trx.deleteFrom("permissions").executeTakeFirst());
    expect(removed.numDeletedRows).toBe(0n);
    const added = await errorOf(
      asAlpha((trx) => trx.insertInto("permissions").values({ name: "everything:all" }).execute()),
    );
    expect(added.code).toBe("42501");
  });

  it("gives the viewer role read permissions only", async () => {
    const granted = await withSystem(database.db, (trx) =>
      trx
        .selectFrom("role_permissions")
        .innerJoin("roles", "roles.id", "role_permissions.role_id")
        .innerJoin("permissions", "permissions.id", "role_permissions.permission_id")
        .select("permissions.name")
        .where("roles.name", "=", "viewer")
        .where("roles.organization_id", "is", null)
        .execute(),
    );
    expect(granted.length).toBeGreaterThan(0);
    expect(granted.every((row) => row.name.endsWith(":read"))).toBe(true);
  });
});

describe("system settings", () => {
  it("are readable defaults that tenants cannot change", async () => {
    const [settings, changed] = await asAlpha(async (trx) => [
      await trx.selectFrom("admin.system_settings").select("key").execute(),
      await trx
        .updateTable("admin.system_settings")
        .set({ value: JSON.stringify("fr") })
        .executeTakeFirst(),
    ]);
    expect(settings.map((row) => row.key)).toContain("locale");
    expect(changed.numUpdatedRows).toBe(0n);
  });
});

describe("audit log", () => {
  it("accepts entries for the tenant's organization and for no organization, not for another", async () => {
    const entry = { actor_type: "user", action: "document.viewed", actor_user_id: alpha.userId };
    await asAlpha((trx) =>
      trx
        .insertInto("audit.audit_logs")
        .values({ ...entry, organization_id: alpha.organizationId })
        .execute(),
    );
    await asAlpha((trx) =>
      trx
        .insertInto("audit.audit_logs")
        .values({ ...entry, organization_id: null })
        .execute(),
    );
    const foreign = await errorOf(
      asAlpha((trx) =>
        trx
          .insertInto("audit.audit_logs")
          .values({ ...entry, organization_id: bravo.organizationId })
          .execute(),
      ),
    );
    expect(foreign.code).toBe("42501");
  });

  it("cannot be updated or deleted by the app role, not even through withSystem", async () => {
    for (const run of [asAlpha, (work: (trx: Kysely<Database>) => Promise<unknown>) => withSystem(database.db, work)]) {
      const updated = await errorOf(
        run((trx) => trx.updateTable("audit.audit_logs").set({ action: "forged" }).execute()),
      );
      const deleted = await errorOf(run((trx) => trx.deleteFrom("audit.audit_logs").execute()));
      expect(updated.message).toMatch(/permission denied/);
      expect(deleted.message).toMatch(/permission denied/);
    }
  });
});

describe("integration tables", () => {
  it("let a tenant append outbox events for its organization, never read them back", async () => {
    const event = { event_type: "document.created", aggregate_type: "document", payload: { id: "x" } };
    await asAlpha((trx) =>
      trx
        .insertInto("integration.outbox")
        .values({ ...event, organization_id: alpha.organizationId })
        .execute(),
    );
    await asAlpha((trx) =>
      trx
        .insertInto("integration.outbox")
        .values({ ...event, organization_id: null })
        .execute(),
    );
    const foreign = await errorOf(
      asAlpha((trx) =>
        trx
          .insertInto("integration.outbox")
          .values({ ...event, organization_id: bravo.organizationId })
          .execute(),
      ),
    );
    expect(foreign.code).toBe("42501");
    expect(await asAlpha((trx) => trx.selectFrom("integration.outbox").selectAll().execute())).toHaveLength(0);
    expect(
      await withSystem(database.db, (trx) => trx.selectFrom("integration.outbox").selectAll().execute()),
    ).toHaveLength(2);
  });

  it("keep processed events to the system role", async () => {
    const row = { consumer: "lore", event_id: crypto.randomUUID() };
    const refused = await errorOf(
      asAlpha((trx) => trx.insertInto("integration.processed_events").values(row).execute()),
    );
    expect(refused.code).toBe("42501");
    await withSystem(database.db, (trx) => trx.insertInto("integration.processed_events").values(row).execute());
    expect(await asAlpha((trx) => trx.selectFrom("integration.processed_events").selectAll().execute())).toHaveLength(
      0,
    );
  });
});

describe("Supabase mirror tables", () => {
  it("are invisible to tenants and readable through withSystem", async () => {
    await withSystem(database.db, async (trx) => {
      const authUser = await trx
        .insertInto("auth.users")
        .values({ email: "sb@example.test" })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("auth.sessions").values({ user_id: authUser.id, aal: "aal1" }).execute();
      await trx
        .insertInto("auth.identities")
        .values({
          user_id: authUser.id,
          provider: "email",
          provider_id: authUser.id,
          identity_data: { email: "SB@example.test" },
        })
        .execute();
      await trx.insertInto("user_mappings").values({ auth_user_id: authUser.id, app_user_id: alpha.userId }).execute();
    });
    const seen = await asAlpha(async (trx) => {
      const counts = await sql<{ n: number }>`
        select (select count(*) from auth.users) + (select count(*) from auth.sessions)
             + (select count(*) from auth.identities) + (select count(*) from public.user_mappings) as n
      `.execute(trx);
      return counts.rows[0]?.n;
    });
    expect(seen).toBe(0);
    const identity = await withSystem(database.db, (trx) =>
      trx.selectFrom("auth.identities").select("email").executeTakeFirstOrThrow(),
    );
    expect(identity.email).toBe("sb@example.test");
  });
});
