import { randomBytes } from "node:crypto";
import { createCapturingEmailSender, type CapturedEmailSender } from "@cauldron/email";
import {
  settleRequestedEmails,
  startTestService,
  type SweepFixture,
  type SweepPerson,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { createAuthService, type AuthRouter } from "../auth-service";
import { TEST_AUTH_ENVIRONMENT } from "./auth-harness";

// A person signs up, confirms the address through the emailed link, and signs in once per session.
async function signUpPerson(
  service: TestService<AuthRouter>,
  database: TestDatabase,
  email: CapturedEmailSender,
  label: string,
): Promise<SweepPerson> {
  const client = service.client();
  const address = `${label}-${randomBytes(4).toString("hex")}@example.test`;
  const password = `correct horse ${randomBytes(6).toString("hex")}`;
  const signedUp = await client.auth.signUp.mutate({ email: address, password, displayName: label });
  await settleRequestedEmails(database.ownerDb, "auth");
  const link = email.lastTo(address)?.link;
  const confirmation = link ? new URL(link).searchParams.get("token") : null;
  if (confirmation) await client.auth.email.confirm.mutate({ token: confirmation });
  const signIn = () => client.auth.signIn.mutate({ email: address, password });
  const first = signedUp.status === "signed_in" ? signedUp.session : await signIn();
  let unused: string | null = first.accessToken;
  return {
    userId: first.user.id,
    email: address,
    async newSession() {
      const token = unused;
      unused = null;
      return token ?? (await signIn()).accessToken;
    },
  };
}

/**
 * The auth service for the sweep over every procedure: in one organization, a custom role assigned
 * to its owner, the owner's API token, session and setting.
 */
export const authSweepFixture: SweepFixture = {
  name: "auth",
  async start({ database, redisKeyPrefix }) {
    const email = createCapturingEmailSender();
    const definition = createAuthService({ email, redisKeyPrefix, environment: TEST_AUTH_ENVIRONMENT });
    const service = await startTestService(definition, { db: database.db, redisKeyPrefix });
    return {
      name: "auth",
      url: service.url,
      router: service.router,
      createPerson: (label) => signUpPerson(service, database, email, label),
      async seed(organization) {
        const tag = randomBytes(4).toString("hex");
        const owner = service.client({ token: await organization.owner.newSession() });
        const organizationId = organization.id;
        const role = await owner.auth.roles.create.mutate({
          organizationId,
          name: `ledger_${tag}`,
          description: `Ledger role notes ${tag}`,
          permissions: ["documents:read"],
        });
        await owner.auth.roles.assign.mutate({ userId: organization.owner.userId, roleId: role.id, organizationId });
        const apiToken = await owner.auth.apiTokens.create.mutate({
          name: `Ledger token ${tag}`,
          scopes: ["documents:read"],
        });
        await owner.auth.settings.set.mutate({ key: "timezone", value: "Pacific/Chatham" });
        const sessions = await owner.auth.sessions.list.query();
        return {
          ids: {
            roleId: [role.id],
            tokenId: [apiToken.id],
            sessionId: sessions.map((session) => session.id),
            targetId: [role.id, apiToken.id],
          },
          markers: [role.name, role.description ?? "", apiToken.name, apiToken.token],
          readBack: async () => ({
            roles: await owner.auth.roles.list.query({ organizationId }),
            apiTokens: await owner.auth.apiTokens.list.query(),
            sessions: (await owner.auth.sessions.list.query()).map((session) => session.id),
            settings: await owner.auth.settings.get.query(),
          }),
        };
      },
      close: service.close,
    };
  },
};
