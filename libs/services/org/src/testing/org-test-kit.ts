import { randomBytes } from "node:crypto";
import { LOCAL_REDIS_URL } from "@cauldron/config";
import { createCapturingEmailSender, type CapturedEmailSender } from "@cauldron/email";
import { createOutboxRelay, eventKeys, parseStreamEvent, type AnyDomainEvent } from "@cauldron/events";
import {
  clearTestRedisPrefix,
  createTestDatabase,
  createTestRedisPrefix,
  settleRequestedEmails,
  startTestService,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { Redis } from "ioredis";
import type { OrganizationRole } from "@cauldron/contracts";
import { sql } from "kysely";
import { createOrgService, type OrgRouter, type OrgServiceOptions } from "../org-service";

/** A person in a test: their user row and a signed access token. */
export interface TestUser {
  id: string;
  email: string;
  token: string;
}

/** Everything an org service test needs: its own database, the service, captured email, events. */
export interface OrgTestKit {
  database: TestDatabase;
  service: TestService<OrgRouter>;
  email: CapturedEmailSender;
  /** A user with a confirmed email address unless `emailConfirmed: false`. */
  createUser(label?: string, options?: { emailConfirmed?: boolean }): Promise<TestUser>;
  /** A typed client acting as `user`, inside `organizationId` when given. */
  as(user: TestUser, organizationId?: string): ReturnType<TestService<OrgRouter>["client"]>;
  /** The token in the last invitation link sent to `recipient`, once every requested email has gone out. */
  invitationTokenFor(recipient: string): Promise<string>;
  /** Brings `user` into the organization the way people join: `inviter` invites, `user` accepts. */
  join(inviter: TestUser, organizationId: string, user: TestUser, role?: OrganizationRole): Promise<void>;
  /** Relays the outbox to this file's Redis stream and returns the events published since the last call. */
  takeEvents(): Promise<AnyDomainEvent[]>;
  close(): Promise<void>;
}

/** Boots the org service against a fresh database and a private Redis prefix. */
export async function startOrgTestKit(
  options: Omit<OrgServiceOptions, "email"> = {},
  /** Platform variables for the server itself, e.g. RPC_MAX_BATCH_SIZE. */
  platformEnvironment: Record<string, string> = {},
): Promise<OrgTestKit> {
  const database = await createTestDatabase();
  const email = createCapturingEmailSender();
  const prefix = createTestRedisPrefix();
  const keys = eventKeys(prefix);
  const definition = createOrgService({ ...options, email });
  const service = await startTestService(definition, {
    db: database.db,
    redisKeyPrefix: prefix,
    env: platformEnvironment,
  });
  const invitationTokenFor = async (recipient: string) => {
    await settleRequestedEmails(database.ownerDb, "org");
    const link = email.lastTo(recipient)?.link;
    const token = link ? new URL(link).searchParams.get("token") : null;
    if (!token) throw new Error(`no invitation link was sent to ${recipient}`);
    return token;
  };
  const redis = new Redis(LOCAL_REDIS_URL);
  const relay = createOutboxRelay({ db: database.db, redis, streamKey: keys.stream });
  let lastStreamId = "0-0";

  return {
    database,
    service,
    email,
    async createUser(label = "person", options = {}) {
      const suffix = randomBytes(4).toString("hex");
      const row = await database.ownerDb
        .insertInto("users")
        .values({
          email: `${label.toLowerCase()}-${suffix}@example.test`,
          display_name: `${label} ${suffix}`,
          email_verified_at: options.emailConfirmed === false ? null : new Date(),
        })
        .returning(["id", "email"])
        .executeTakeFirstOrThrow();
      return { ...row, token: await service.signer.issueAccessToken({ userId: row.id }) };
    },
    as: (user, organizationId) => service.client({ token: user.token, organizationId }),
    invitationTokenFor,
    async join(inviter, organizationId, user, role = "member") {
      await service
        .client({ token: inviter.token, organizationId })
        .org.invitations.create.mutate({ email: user.email, role });
      await service
        .client({ token: user.token })
        .org.invitations.accept.mutate({ token: await invitationTokenFor(user.email) });
    },
    async takeEvents() {
      await relay.drainOnce();
      // The service's own relay may hold rows this drain skipped; wait until they reach the stream too.
      for (;;) {
        const { rows } = await sql<{ pending: string }>`
          select count(*) as pending from integration.outbox where published_at is null
        `.execute(database.ownerDb);
        if (Number(rows[0]?.pending ?? 0) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const entries = await redis.xrange(keys.stream, `(${lastStreamId}`, "+");
      const last = entries[entries.length - 1];
      if (last) lastStreamId = last[0];
      return entries.map(([, fields]) => parseStreamEvent(fields[fields.indexOf("data") + 1] ?? ""));
    },
    async close() {
      await service.close();
      redis.disconnect();
      await clearTestRedisPrefix(prefix);
      await database.destroy();
    },
  };
}
