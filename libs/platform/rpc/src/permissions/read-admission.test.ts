import { createTenant, sendUnanswered, withSystem, type TenantFixture } from "@cauldron/db";
import {
  createTestDatabase,
  failureOf,
  startTestService,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { sql } from "kysely";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { principalUserId } from "../auth/principal";
import { defineService } from "../service-definition";
import { organizationProcedure, permittedProcedure, protectedProcedure, router } from "../trpc";
import { CALLER_SCOPE } from "./procedure-scope";

let mutationsRun = 0;
let eagerQueriesRun = 0;
const effectsOfAdmitted: string[] = [];

const inFirstRoundTrip = { admitWithFirstStatement: true } as const;

const selectOne = sql<{ one: number }>`select 1 as one`;

// Queries shaped like the ways a handler can use (or misuse) its organization's transactions.
const readsService = defineService({
  name: "org",
  createRouter: () =>
    router({
      reads: router({
        teamNames: permittedProcedure("teams:read")
          .meta(inFirstRoundTrip)
          .query(({ ctx }) =>
            ctx.tenant(async (trx) =>
              (await trx.selectFrom("teams").select("name").orderBy("name").execute()).map((team) => team.name),
            ),
          ),
        managedRoles: permittedProcedure("roles:manage")
          .meta(inFirstRoundTrip)
          .query(({ ctx }) => ctx.tenant(async (trx) => (await selectOne.execute(trx)).rows[0]?.one)),
        swallowing: organizationProcedure.meta(inFirstRoundTrip).query(async ({ ctx }) => {
          try {
            return await ctx.tenant(async () => "the organization's data");
          } catch {
            return "swallowed the refusal";
          }
        }),
        noDatabase: organizationProcedure.meta(inFirstRoundTrip).query(() => "answered without the database"),
        // Breaks its declaration by writing; the write's answer is never awaited, it goes out with the COMMIT.
        writing: organizationProcedure
          .meta(inFirstRoundTrip)
          .input(z.object({ name: z.string() }))
          .query(({ ctx, input }) =>
            ctx.tenant(async (trx) => {
              await sendUnanswered(
                trx,
                trx.insertInto("teams").values({ organization_id: ctx.organizationId, name: input.name }),
              );
              return "written";
            }),
          ),
        twoAtOnce: organizationProcedure
          .meta(inFirstRoundTrip)
          .query(({ ctx }) =>
            Promise.all(
              [1, 2].map((n) =>
                ctx.tenant(async (trx) => (await sql<{ n: number }>`select ${n}::int as n`.execute(trx)).rows[0]?.n),
              ),
            ),
          ),
        mayManageRoles: organizationProcedure.meta(inFirstRoundTrip).query(({ ctx }) =>
          ctx.tenant(async (trx) => {
            await selectOne.execute(trx);
            return ctx.can("roles:manage");
          }),
        ),
        whoAmI: protectedProcedure
          .meta({ scope: CALLER_SCOPE, ...inFirstRoundTrip })
          .query(({ ctx }) => principalUserId(ctx.principal)),
        // Not opted in: it acts outside the database, so it must run only for admitted callers.
        eagerInOrganization: organizationProcedure.query(({ ctx }) => {
          eagerQueriesRun += 1;
          return ctx.tenant(async (trx) => (await selectOne.execute(trx)).rows[0]?.one);
        }),
        eagerAsCaller: protectedProcedure.meta({ scope: CALLER_SCOPE }).query(() => ++eagerQueriesRun),
        // Reads first, then leaves a trace only once its caller is admitted, as vector.search logs a search.
        tracing: permittedProcedure("teams:read")
          .meta(inFirstRoundTrip)
          .input(z.object({ trace: z.string() }))
          .query(async ({ ctx, input }) => {
            const names = await ctx.tenant(
              async (trx) => (await trx.selectFrom("teams").select("name").execute()).length,
            );
            await ctx.admitted();
            effectsOfAdmitted.push(input.trace);
            return names;
          }),
        eagerTracing: permittedProcedure("teams:read")
          .input(z.object({ trace: z.string() }))
          .query(async ({ ctx, input }) => {
            await ctx.admitted();
            effectsOfAdmitted.push(input.trace);
            return "traced";
          }),
        touch: protectedProcedure.meta({ scope: CALLER_SCOPE }).mutation(() => ++mutationsRun),
      }),
    }),
});

let database: TestDatabase;
let service: TestService<ReturnType<typeof readsService.createRouter>>;
let acme: TenantFixture;
let globex: TenantFixture;
let viewerId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  [acme, globex] = await withSystem(database.db, async (trx) => [
    await createTenant(trx, "acme"),
    await createTenant(trx, "globex"),
  ]);
  const viewer = await database.ownerDb
    .insertInto("users")
    .values({ email: `viewer-${randomUUID()}@example.test` })
    .returning("id")
    .executeTakeFirstOrThrow();
  viewerId = viewer.id;
  await database.ownerDb
    .insertInto("organization_users")
    .values({ organization_id: acme.organizationId, user_id: viewerId, role: "viewer" })
    .execute();
  service = await startTestService(readsService, { db: database.db, workers: false });
});

afterAll(async () => {
  await service?.close();
  await database?.destroy();
});

async function clientOf(userId: string, organizationId = acme.organizationId, sessionId?: string) {
  const token = await service.signer.issueAccessToken({ userId, ...(sessionId ? { sessionId } : {}) });
  return service.client({ token, organizationId });
}

/** A session of `userId` revoked already, whose access tokens still verify until they expire. */
async function revokedSessionOf(userId: string): Promise<string> {
  const sessionId = randomUUID();
  await database.ownerDb
    .insertInto("user_sessions")
    .values({
      user_id: userId,
      family_id: sessionId,
      refresh_token_hash: randomUUID(),
      expires_at: new Date(Date.now() + 60_000),
      revoked_at: new Date(),
    })
    .execute();
  return sessionId;
}

async function teamsNamed(name: string): Promise<number> {
  const { rows } = await sql<{
    count: number;
  }>`select count(*)::int as count from public.teams where name = ${name}`.execute(database.ownerDb);
  return rows[0]!.count;
}

describe("queries that admit their caller with their first statement", () => {
  it("answers a member with what their organization holds", async () => {
    const owner = await clientOf(acme.userId);
    expect(await owner.reads.teamNames.query()).toEqual((await teamNamesOf(acme.organizationId)).sort());
    expect(await owner.reads.twoAtOnce.query()).toEqual([1, 2]);
    expect(await owner.reads.noDatabase.query()).toBe("answered without the database");
  });

  it("refuses a stranger whatever the query does with the refusal, and hands out nothing", async () => {
    const stranger = await clientOf(globex.userId);
    const refusal = { code: "FORBIDDEN", httpStatus: 403 };
    for (const call of [
      () => stranger.reads.teamNames.query(),
      () => stranger.reads.swallowing.query(),
      () => stranger.reads.noDatabase.query(),
      () => stranger.reads.twoAtOnce.query(),
    ]) {
      const failure = await failureOf(call());
      expect(failure.data).toMatchObject(refusal);
      expect(failure.message).toBe("You are not a member of this organization");
    }
  });

  it("refuses a member who lacks the procedure's permission, with the permission named", async () => {
    const viewer = await clientOf(viewerId);
    const failure = await failureOf(viewer.reads.managedRoles.query());
    expect(failure.data).toMatchObject({ code: "FORBIDDEN" });
    expect(failure.message).toBe("This needs the roles:manage permission");
    expect(await viewer.reads.teamNames.query()).toEqual((await teamNamesOf(acme.organizationId)).sort());
  });

  it("tells a query what its caller may do once the look-up has answered", async () => {
    expect(await (await clientOf(viewerId)).reads.mayManageRoles.query()).toBe(false);
    expect(await (await clientOf(acme.userId)).reads.mayManageRoles.query()).toBe(true);
  });

  it("commits no write from such a query: a stranger gets the refusal, and Postgres refuses a member's write", async () => {
    const name = `written by a stranger ${randomUUID()}`;
    const failure = await failureOf((await clientOf(globex.userId)).reads.writing.query({ name }));
    expect(failure.data).toMatchObject({ code: "FORBIDDEN" });
    expect(await teamsNamed(name)).toBe(0);
    // Its transaction is READ ONLY: the procedure broke its own declaration, a server fault.
    const refused = `written by the owner ${randomUUID()}`;
    const fault = await failureOf((await clientOf(acme.userId)).reads.writing.query({ name: refused }));
    expect(fault.data).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    expect(await teamsNamed(refused)).toBe(0);
  });

  it("refuses a revoked session's query and never runs its mutation", async () => {
    const sessionId = await revokedSessionOf(acme.userId);
    const revoked = await clientOf(acme.userId, acme.organizationId, sessionId);
    const unauthorized = { code: "UNAUTHORIZED", httpStatus: 401 };
    expect((await failureOf(revoked.reads.whoAmI.query())).data).toMatchObject(unauthorized);
    expect((await failureOf(revoked.reads.teamNames.query())).data).toMatchObject(unauthorized);
    const before = mutationsRun;
    expect((await failureOf(revoked.reads.touch.mutate())).data).toMatchObject(unauthorized);
    expect(mutationsRun).toBe(before);
    expect(await (await clientOf(acme.userId)).reads.touch.mutate()).toBe(before + 1);
    const eagerBefore = eagerQueriesRun;
    expect((await failureOf(revoked.reads.eagerAsCaller.query())).data).toMatchObject(unauthorized);
    expect(eagerQueriesRun).toBe(eagerBefore);
  });

  it("lets a query wait for its caller's admission before an effect beyond its reads", async () => {
    const member = `member ${randomUUID()}`;
    expect(await (await clientOf(acme.userId)).reads.tracing.query({ trace: member })).toBeTypeOf("number");
    expect(await (await clientOf(acme.userId)).reads.eagerTracing.query({ trace: `${member} eager` })).toBe("traced");
    expect(effectsOfAdmitted).toEqual(expect.arrayContaining([member, `${member} eager`]));

    const stranger = `stranger ${randomUUID()}`;
    const refused = await failureOf((await clientOf(globex.userId)).reads.tracing.query({ trace: stranger }));
    expect(refused.data).toMatchObject({ code: "FORBIDDEN" });

    const sessionId = await revokedSessionOf(acme.userId);
    const revokedTrace = `revoked ${randomUUID()}`;
    const revoked = await clientOf(acme.userId, acme.organizationId, sessionId);
    expect((await failureOf(revoked.reads.tracing.query({ trace: revokedTrace }))).data).toMatchObject({
      code: "UNAUTHORIZED",
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(effectsOfAdmitted).not.toContain(stranger);
    expect(effectsOfAdmitted).not.toContain(revokedTrace);
  });

  it("runs a query that did not opt in only once its caller is admitted", async () => {
    const before = eagerQueriesRun;
    const failure = await failureOf((await clientOf(globex.userId)).reads.eagerInOrganization.query());
    expect(failure.data).toMatchObject({ code: "FORBIDDEN" });
    expect(failure.message).toBe("You are not a member of this organization");
    expect(eagerQueriesRun).toBe(before);
    expect(await (await clientOf(acme.userId)).reads.eagerInOrganization.query()).toBe(1);
    expect(eagerQueriesRun).toBe(before + 1);
  });
});

async function teamNamesOf(organizationId: string): Promise<string[]> {
  const teams = await database.ownerDb
    .selectFrom("teams")
    .select("name")
    .where("organization_id", "=", organizationId)
    .execute();
  return teams.map((team) => team.name);
}
