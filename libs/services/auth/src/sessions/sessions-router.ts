import { revokeSessionInputSchema, sessionSchema } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import { TRPCError } from "@trpc/server";
import { sql, type Transaction } from "kysely";
import { z } from "zod";
import type { AuthRuntime } from "../auth-runtime";
import { sessionProcedure } from "../security/procedures";
import { endSessions } from "./end-sessions";

interface SessionRow {
  id: string;
  device: string | null;
  ip: string | null;
  aal: string;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
}

/** The user's live sessions, one per refresh-token family, most recently used first. */
async function listSessions(
  trx: Transaction<Database>,
  userId: string,
  absoluteLifetimeSeconds: number,
): Promise<SessionRow[]> {
  const lifetime = sql`make_interval(secs => ${absoluteLifetimeSeconds})`;
  const { rows } = await sql<SessionRow>`
    select family_id as id,
      (array_agg(user_agent order by created_at desc))[1] as device,
      (array_agg(host(ip) order by created_at desc))[1] as ip,
      (array_agg(aal order by created_at desc))[1] as aal,
      min(created_at) as created_at,
      greatest(max(created_at), max(last_used_at)) as last_used_at,
      least(max(expires_at), min(created_at) + ${lifetime}) as expires_at
    from public.user_sessions
    where user_id = ${userId}
    group by family_id
    having bool_and(revoked_at is null) and least(max(expires_at), min(created_at) + ${lifetime}) > now()
    order by last_used_at desc, id
  `.execute(trx);
  return rows;
}

/** sessions.list / revoke / revokeOthers for the signed-in user. */
export function createSessionsRouter(runtime: AuthRuntime) {
  return {
    list: sessionProcedure.output(z.array(sessionSchema)).query(async ({ ctx }) => {
      const rows = await ctx.tenant((trx) =>
        listSessions(trx, ctx.user.userId, runtime.config.SESSION_ABSOLUTE_LIFETIME_SECONDS),
      );
      return rows.map((row) => ({
        id: row.id,
        device: row.device,
        ip: row.ip,
        aal: row.aal === "aal2" ? ("aal2" as const) : ("aal1" as const),
        createdAt: row.created_at,
        lastUsedAt: row.last_used_at,
        expiresAt: row.expires_at,
        current: row.id === ctx.user.sessionId,
      }));
    }),
    revoke: sessionProcedure
      .input(revokeSessionInputSchema)
      .output(z.object({ ok: z.literal(true) }))
      .mutation(async ({ ctx, input }) => {
        const ended = await ctx.tenant((trx) =>
          endSessions(trx, ctx, ctx.user.userId, { sessionId: input.sessionId }, "sign_out"),
        );
        if (ended.length === 0)
          throw new TRPCError({ code: "NOT_FOUND", message: "No live session of yours has this id" });
        await runtime.revocations.markSessionsRevoked(ended);
        return { ok: true as const };
      }),
    revokeOthers: sessionProcedure.output(z.object({ revoked: z.number().int() })).mutation(async ({ ctx }) => {
      const ended = await ctx.tenant((trx) =>
        endSessions(trx, ctx, ctx.user.userId, { allExcept: ctx.user.sessionId }, "sign_out"),
      );
      await runtime.revocations.markSessionsRevoked(ended);
      return { revoked: ended.length };
    }),
  };
}
