import { randomBytes } from "node:crypto";
import type { AuthSession } from "@cauldron/contracts";
import { createCapturingEmailSender, type CapturedEmailSender, type EmailMessage } from "@cauldron/email";
import {
  clearTestRedisPrefix,
  createTestDatabase,
  createTestRedisPrefix,
  settleRequestedEmails,
  startTestService,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { sql } from "kysely";
import { createAuthService, type AuthRouter } from "../auth-service";
import { createPasswordHasher } from "../passwords/password-hasher";

/** A test user: how they signed up and the session they got. */
export interface TestAccount {
  email: string;
  password: string;
  session: AuthSession;
  userId: string;
}

/** The auth service booted against its own test database, with captured email. */
export interface AuthHarness {
  database: TestDatabase;
  service: TestService<AuthRouter>;
  email: CapturedEmailSender;
  redisKeyPrefix: string;
  client(token?: string, headers?: Record<string, string>): ReturnType<TestService<AuthRouter>["client"]>;
  /** How many new passwords the service has hashed so far (verifications not counted). */
  passwordHashes(): number;
  /** Waits until every email requested so far has gone out (they leave through the outbox). */
  settleEmails(): Promise<void>;
  /** The last email sent to `recipient`, once every email requested so far has gone out. */
  emailTo(recipient: string): Promise<EmailMessage>;
  /** Signs a new account up (and in); with `confirmEmail` it also follows the emailed confirmation link. */
  signUp(label?: string, options?: { confirmEmail?: boolean }): Promise<TestAccount>;
  /** Gives a user the global platform_admin role (as the schema owner, like the seed does). */
  makePlatformAdmin(userId: string): Promise<void>;
  /** Creates an organization with the user as a member in the given role. */
  createOrganization(ownerId: string, role?: string): Promise<string>;
  addMember(organizationId: string, userId: string, role: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Environment the tests run the auth service with; a short grace window keeps reuse tests quick,
 * and sign-up signs in at once (tests of confirmation-first sign-up set AUTH_EMAIL_CONFIRMATION).
 */
export const TEST_AUTH_ENVIRONMENT = {
  NODE_ENV: "test",
  AUTH_EMAIL_CONFIRMATION: "optional",
  REFRESH_REUSE_GRACE_SECONDS: "2",
  AUTH_APP_URL: "https://app.example.test",
} as const;

/** Boots the auth service for one test file. */
export async function startAuthHarness(
  environment: Record<string, string> = {},
  /** Platform variables for the server itself, e.g. RPC_MAX_BATCH_SIZE. */
  platformEnvironment: Record<string, string> = {},
): Promise<AuthHarness> {
  const database = await createTestDatabase();
  const email = createCapturingEmailSender();
  const redisKeyPrefix = createTestRedisPrefix();
  const hasher = createPasswordHasher();
  let passwordHashes = 0;
  const definition = createAuthService({
    email,
    redisKeyPrefix,
    environment: { ...TEST_AUTH_ENVIRONMENT, ...environment },
    passwords: {
      ...hasher,
      hash(password) {
        passwordHashes += 1;
        return hasher.hash(password);
      },
    },
  });
  const service = await startTestService(definition, { db: database.db, redisKeyPrefix, env: platformEnvironment });
  const client = (token?: string, headers?: Record<string, string>) =>
    service.client({ ...(token ? { token } : {}), ...(headers ? { headers } : {}) });
  return {
    database,
    service,
    email,
    redisKeyPrefix,
    client,
    passwordHashes: () => passwordHashes,
    settleEmails: () => settleRequestedEmails(database.ownerDb, "auth"),
    async emailTo(recipient) {
      await settleRequestedEmails(database.ownerDb, "auth");
      const message = email.lastTo(recipient);
      if (!message) throw new Error(`no email was sent to ${recipient}`);
      return message;
    },
    async signUp(label = "user", options = {}) {
      const address = `${label}-${randomBytes(4).toString("hex")}@example.test`;
      const password = `correct horse ${randomBytes(6).toString("hex")}`;
      const result = await client().auth.signUp.mutate({ email: address, password, displayName: label });
      if (result.status !== "signed_in")
        throw new Error("sign-up did not sign in; is AUTH_EMAIL_CONFIRMATION required?");
      if (options.confirmEmail) {
        await settleRequestedEmails(database.ownerDb, "auth");
        const link = email.lastTo(address)?.link;
        const token = link ? new URL(link).searchParams.get("token") : null;
        if (!token) throw new Error(`no confirmation link was sent to ${address}`);
        await client().auth.email.confirm.mutate({ token });
      }
      return { email: address, password, session: result.session, userId: result.session.user.id };
    },
    async makePlatformAdmin(userId) {
      await sql`
        insert into public.user_roles (user_id, role_id, organization_id)
        select ${userId}, id, null from public.roles where name = 'platform_admin' and organization_id is null
      `.execute(database.ownerDb);
    },
    async createOrganization(ownerId, role = "owner") {
      const suffix = randomBytes(4).toString("hex");
      const organization = await database.ownerDb
        .insertInto("organizations")
        .values({ name: `Org ${suffix}`, slug: `org-${suffix}`, created_by: ownerId })
        .returning("id")
        .executeTakeFirstOrThrow();
      await database.ownerDb
        .insertInto("organization_users")
        .values({ organization_id: organization.id, user_id: ownerId, role })
        .execute();
      return organization.id;
    },
    async addMember(organizationId, userId, role) {
      await database.ownerDb
        .insertInto("organization_users")
        .values({ organization_id: organizationId, user_id: userId, role })
        .execute();
    },
    async close() {
      await service.close();
      await database.destroy();
      await clearTestRedisPrefix(redisKeyPrefix);
    },
  };
}
