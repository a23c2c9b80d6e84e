import { randomUUID } from "node:crypto";
import { failureOf, issueServiceToken } from "@cauldron/testing";
import { SignJWT } from "jose";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness } from "../testing/auth-harness";
import { startPeerService } from "../testing/peer-service";

const SUPABASE_SECRET = "super-secret-supabase-jwt-secret-with-32-chars";
const SUPABASE_ENVIRONMENT = {
  SUPABASE_JWT_SECRET: SUPABASE_SECRET,
  SUPABASE_JWT_ISSUER: "https://project.supabase.co/auth/v1",
};

let harness: AuthHarness;
let peer: Awaited<ReturnType<typeof startPeerService>>;

beforeAll(async () => {
  harness = await startAuthHarness(SUPABASE_ENVIRONMENT);
  peer = await startPeerService(harness, SUPABASE_ENVIRONMENT);
});

afterAll(async () => {
  await peer?.close();
  await harness?.close();
});

interface SupabaseClaims {
  sub?: string;
  email?: string;
  role?: string;
  sessionId?: string;
  secret?: string;
  expiresIn?: string;
}

/** A token shaped like the ones Supabase Auth issues to signed-in users. */
function supabaseToken(claims: SupabaseClaims = {}): Promise<string> {
  return new SignJWT({
    email: claims.email ?? `supa-${randomUUID().slice(0, 8)}@example.test`,
    phone: "",
    role: claims.role ?? "authenticated",
    aal: "aal1",
    session_id: claims.sessionId ?? randomUUID(),
    is_anonymous: false,
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: { full_name: "Supa Base" },
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub ?? randomUUID())
    .setIssuer("https://project.supabase.co/auth/v1")
    .setAudience("authenticated")
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? "1h")
    .sign(new TextEncoder().encode(claims.secret ?? SUPABASE_SECRET));
}

describe("Supabase tokens", () => {
  it("maps a Supabase user to an app user on first use, mirroring user, identity and session", async () => {
    const sub = randomUUID();
    const sessionId = randomUUID();
    const email = `mirrored-${sub.slice(0, 8)}@example.test`;
    const token = await supabaseToken({ sub, email, sessionId });
    const me = await harness.client(token).auth.me.query();
    expect(me.user).toMatchObject({ email, displayName: "Supa Base" });
    expect(me.session).toEqual({ id: sessionId, aal: "aal1" });

    const { rows } = await sql<{ app_user_id: string; identities: number; sessions: number }>`
      select m.app_user_id,
        (select count(*)::int from auth.identities where user_id = ${sub}) as identities,
        (select count(*)::int from auth.sessions where id = ${sessionId}) as sessions
      from public.user_mappings m join auth.users au on au.id = m.auth_user_id
      where m.auth_user_id = ${sub}
    `.execute(harness.database.ownerDb);
    expect(rows).toEqual([{ app_user_id: me.user.id, identities: 1, sessions: 1 }]);
  });

  it("is accepted by every service and maps to the same app user each time", async () => {
    const sub = randomUUID();
    const first = await peer.client({ token: await supabaseToken({ sub }) }).peer.whoAmI.query();
    const second = await harness.client(await supabaseToken({ sub })).auth.me.query();
    expect(first).toMatchObject({ kind: "user" });
    expect(second.user.id).toBe((first as { userId: string }).userId);
    const { rows } = await sql<{ count: number }>`
      select count(*)::int from public.user_mappings where auth_user_id = ${sub}
    `.execute(harness.database.ownerDb);
    expect(rows[0]?.count).toBe(1);
  });

  it("adopts an app account with the same email only when it has no password of its own", async () => {
    const passwordless = `passwordless-${randomUUID().slice(0, 8)}@example.test`;
    const created = await harness.database.ownerDb
      .insertInto("users")
      .values({ email: passwordless })
      .returning("id")
      .executeTakeFirstOrThrow();
    const adopted = await harness.client(await supabaseToken({ email: passwordless })).auth.me.query();
    expect(adopted.user.id).toBe(created.id);

    const local = await harness.signUp("local");
    const takeover = await failureOf(harness.client(await supabaseToken({ email: local.email })).auth.me.query());
    expect(takeover.data.code).toBe("UNAUTHORIZED");
  });

  it("refuses tokens with the wrong secret, the anon role or an expired lifetime", async () => {
    for (const token of [
      await supabaseToken({ secret: "another-projects-secret-with-32-characters!" }),
      await supabaseToken({ role: "anon" }),
      await supabaseToken({ expiresIn: "-1m" }),
    ]) {
      expect((await failureOf(harness.client(token).auth.me.query())).data.code).toBe("UNAUTHORIZED");
    }
  });

  it("stops a disabled user's Supabase tokens at once", async () => {
    const sub = randomUUID();
    const token = await supabaseToken({ sub });
    const me = await harness.client(token).auth.me.query();
    const admin = await harness.signUp("supa-admin");
    await harness.makePlatformAdmin(admin.userId);
    await harness.client(admin.session.accessToken).auth.admin.users.disable.mutate({ userId: me.user.id });
    expect((await failureOf(peer.client({ token }).peer.whoAmI.query())).data.code).toBe("UNAUTHORIZED");
  });

  it("still tells service tokens apart from Supabase tokens", async () => {
    const serviceToken = await issueServiceToken({ caller: "org", audience: "auth", scope: ["documents:read"] });
    expect(await harness.client(serviceToken).auth.can.query({ permission: "documents:read" })).toEqual({
      allowed: true,
    });
  });
});

describe("Supabase tokens at a service without a Supabase secret", () => {
  let plain: AuthHarness;
  beforeAll(async () => {
    plain = await startAuthHarness();
  });
  afterAll(async () => {
    await plain?.close();
  });

  it("are refused", async () => {
    const failure = await failureOf(plain.client(await supabaseToken()).auth.me.query());
    expect(failure.data.code).toBe("UNAUTHORIZED");
  });
});
