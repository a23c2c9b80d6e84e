import { randomBytes } from "node:crypto";
import { createCapturingEmailSender, type CapturedEmailSender } from "@cauldron/email";
import type { AnyDomainEvent } from "@cauldron/events";
import {
  clearTestRedisPrefix,
  createEventTap,
  createTestDatabase,
  createTestRedisPrefix,
  settleRequestedEmails,
  startTestService,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import type { OrganizationRole } from "@cauldron/contracts";
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
  const events = createEventTap(database, prefix);

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
    takeEvents: () => events.take(),
    async close() {
      await service.close();
      events.close();
      await clearTestRedisPrefix(prefix);
      await database.destroy();
    },
  };
}
