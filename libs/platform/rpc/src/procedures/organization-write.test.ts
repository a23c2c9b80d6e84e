import { createTenant, withSystem, type TenantFixture } from "@cauldron/db";
import {
  createTestDatabase,
  failureOf,
  issueServiceToken,
  startTestService,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { TRPCError } from "@trpc/server";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineService } from "../service-definition";
import { organizationProcedure, router } from "../trpc";
import { permittedWriteProcedure } from "./organization-write";

// A service that is not org: the write rung must protect every service's data the same way.
const notesService = defineService({
  name: "vector",
  createRouter: () =>
    router({
      rung: router({
        read: organizationProcedure.query(({ ctx }) => ctx.organizationId),
        note: permittedWriteProcedure("organizations:update")
          .input(z.object({ note: z.string(), fail: z.boolean().default(false) }))
          .mutation(({ ctx, input }) =>
            ctx.tenant(async (trx) => {
              await ctx.record(trx, {
                action: "organization.noted",
                target: { type: "organization", id: ctx.organizationId },
                metadata: { note: input.note },
                events: [
                  {
                    name: "organization.updated",
                    payload: {
                      organizationId: ctx.organizationId,
                      changedFields: ["description"],
                      updatedByUserId: ctx.actorUserId,
                    },
                  },
                ],
              });
              if (input.fail) throw new TRPCError({ code: "BAD_REQUEST", message: "Changed my mind" });
              return { actorUserId: ctx.actorUserId };
            }),
          ),
        thaw: permittedWriteProcedure("organizations:update", { allowArchived: true }).mutation(() => "thawed"),
      }),
    }),
});

let database: TestDatabase;
let service: TestService<ReturnType<typeof notesService.createRouter>>;
let tenant: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  service = await startTestService(notesService, { db: database.db, workers: false });
  tenant = await withSystem(database.db, (trx) => createTenant(trx, "rung"));
});

afterAll(async () => {
  await service?.close();
  await database?.destroy();
});

async function asOwner() {
  const token = await service.signer.issueAccessToken({ userId: tenant.userId });
  return service.client({ token, organizationId: tenant.organizationId }).rung;
}

async function asService() {
  const token = await issueServiceToken({
    caller: "lore",
    audience: "vector",
    scope: ["organizations:update"],
    organizationId: tenant.organizationId,
  });
  return service.client({ token, organizationId: tenant.organizationId }).rung;
}

async function setArchived(archived: boolean): Promise<void> {
  await database.ownerDb
    .updateTable("organizations")
    .set({ archived_at: archived ? new Date() : null })
    .where("id", "=", tenant.organizationId)
    .execute();
}

function recorded(note: string) {
  return withSystem(database.db, async (trx) => ({
    audit: await trx
      .selectFrom("audit.audit_logs")
      .select(["actor_user_id", "actor_type", "organization_id"])
      .where("action", "=", "organization.noted")
      .where(sql<string>`metadata->>'note'`, "=", note)
      .execute(),
    events: await trx
      .selectFrom("integration.outbox")
      .select(["event_type", "metadata"])
      .where("organization_id", "=", tenant.organizationId)
      .where("event_type", "=", "organization.updated")
      .execute(),
  }));
}

describe("the organization write rung", () => {
  it("records the audit row and the event of a change in one call, naming the actor once", async () => {
    const before = (await recorded("first")).events.length;
    expect(await (await asOwner()).note.mutate({ note: "first" })).toEqual({ actorUserId: tenant.userId });
    const after = await recorded("first");
    expect(after.audit).toEqual([
      { actor_user_id: tenant.userId, actor_type: "user", organization_id: tenant.organizationId },
    ]);
    expect(after.events).toHaveLength(before + 1);
    expect(after.events.at(-1)?.metadata).toMatchObject({ actorUserId: tenant.userId });
  });

  it("writes neither the audit row nor the event when the change rolls back", async () => {
    const before = (await recorded("undone")).events.length;
    const error = await failureOf((await asOwner()).note.mutate({ note: "undone", fail: true }));
    expect(error.data.code).toBe("BAD_REQUEST");
    const after = await recorded("undone");
    expect(after.audit).toEqual([]);
    expect(after.events).toHaveLength(before);
  });

  it("refuses changes to an archived organization with reason organization_archived, and still reads it", async () => {
    await setArchived(true);
    try {
      const asUser = await failureOf((await asOwner()).note.mutate({ note: "frozen" }));
      expect(asUser.data).toMatchObject({ code: "PRECONDITION_FAILED", reason: "organization_archived" });
      const asPeer = await failureOf((await asService()).note.mutate({ note: "frozen" }));
      expect(asPeer.data).toMatchObject({ code: "PRECONDITION_FAILED", reason: "organization_archived" });
      expect((await recorded("frozen")).audit).toEqual([]);
      expect(await (await asOwner()).read.query()).toBe(tenant.organizationId);
      expect(await (await asOwner()).thaw.mutate()).toBe("thawed");
    } finally {
      await setArchived(false);
    }
  });

  it("lets a service with the organization in its token change it once it is restored", async () => {
    expect(await (await asService()).note.mutate({ note: "by a peer" })).toEqual({ actorUserId: null });
    expect((await recorded("by a peer")).audit).toEqual([
      { actor_user_id: null, actor_type: "service", organization_id: tenant.organizationId },
    ]);
  });
});
