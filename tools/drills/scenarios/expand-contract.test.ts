import { createOrgClient } from "@cauldron/client";
import { loadConfig, platformEnvSchema, toolingEnvSchema } from "@cauldron/config";
import { createDatabase } from "@cauldron/db";
import { createTestSigner, freePort } from "@cauldron/testing";
import { TRPCClientError } from "@trpc/client";
import { Redis } from "ioredis";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { BootstrappedDatabase } from "../upgrade/bootstrapped-database";
import { startServiceFromTree } from "../upgrade/tree-service";
import { runExpandContractDrill, type LoadSummary } from "./expand-contract";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const platform = loadConfig(platformEnvSchema);
const tooling = loadConfig(toolingEnvSchema);
// A Redis database of its own on the dev stack: the services relay their events into it, where no
// consumer of the dev stack or of another test reads them.
const redisUrl = Object.assign(new URL(platform.REDIS_URL), { pathname: "/12" }).toString();

type OrgClient = ReturnType<typeof createOrgClient>;
interface TeamLoadReport extends LoadSummary {
  teamIds: string[];
}

const servers: Server[] = [];

afterAll(async () => {
  for (const server of servers) server.close();
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  redis.disconnect();
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function withSystemRole(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", "-c role=cauldron_system");
  return parsed.toString();
}

/** An organization and its owner, written straight into the database the old code serves. */
async function seedOrganization(database: BootstrappedDatabase): Promise<{ organizationId: string; ownerId: string }> {
  const db = createDatabase({ url: withSystemRole(database.ownerUrl), poolMax: 1, applicationName: "upgrade-seed" });
  const suffix = randomBytes(4).toString("hex");
  try {
    const owner = await db
      .insertInto("users")
      .values({ email: `owner-${suffix}@example.test`, display_name: "Owner", email_verified_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const organization = await db
      .insertInto("organizations")
      .values({ name: `Upgrade ${suffix}`, slug: `upgrade-${suffix}`, created_by: owner.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("organization_users")
      .values({ organization_id: organization.id, user_id: owner.id, role: "owner" })
      .execute();
    return { organizationId: organization.id, ownerId: owner.id };
  } finally {
    await db.destroy();
  }
}

/** Every `intervalMs`, creates a team and lists teams; counts what was sent, failed and acknowledged. */
function startTeamLoad(client: OrgClient, intervalMs: number): { stop(): Promise<TeamLoadReport> } {
  const report: TeamLoadReport = { sent: 0, failed: 0, failuresByCode: {}, writesAcknowledged: 0, teamIds: [] };
  const inFlight = new Set<Promise<void>>();
  const call = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    report.sent += 1;
    try {
      return await work();
    } catch (error) {
      const code = error instanceof TRPCClientError ? String(error.data?.code) : String(error);
      report.failed += 1;
      report.failuresByCode[code] = (report.failuresByCode[code] ?? 0) + 1;
      return undefined;
    }
  };
  const timer = setInterval(() => {
    const round = (async () => {
      const team = await call(() => client.org.teams.create.mutate({ name: `team ${randomBytes(6).toString("hex")}` }));
      if (team) report.teamIds.push(team.id);
      report.writesAcknowledged = report.teamIds.length;
      await call(() => client.org.teams.list.query({}));
    })();
    inFlight.add(round);
    void round.finally(() => inFlight.delete(round));
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return report;
    },
  };
}

async function countTeams(database: BootstrappedDatabase, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const db = createDatabase({ url: withSystemRole(database.ownerUrl), poolMax: 1, applicationName: "upgrade-verify" });
  try {
    const rows = await db.selectFrom("teams").select("id").where("id", "in", ids).execute();
    return rows.length;
  } finally {
    await db.destroy();
  }
}

describe("expand/contract drill", () => {
  it("keeps the previous release's org service answering while this checkout's migrations apply, losing no team", async (context) => {
    const signer = await createTestSigner();
    const jwksUrl = await listen(
      createServer((_req, res) => res.setHeader("content-type", "application/json").end(JSON.stringify(signer.jwks))),
    );
    const result = await runExpandContractDrill({
      repoRoot: REPO_ROOT,
      workDir: await mkdtemp(join(tmpdir(), "cauldron-expand-contract-")),
      cluster: { admin: tooling.DATABASE_ADMIN_URL, owner: tooling.DATABASE_OWNER_URL, app: platform.DATABASE_URL },
      startServices: async ({ codeDir, database }) => {
        const env = { DATABASE_URL: database.appUrl, REDIS_URL: redisUrl, AUTH_JWKS_URL: jwksUrl, LOG_LEVEL: "warn" };
        const org = await startServiceFromTree({ codeDir, service: "org", port: await freePort(), env });
        return { url: org.url, stop: async () => void (await org.stop()) };
      },
      runLoad: async (services, database) => {
        const { organizationId, ownerId } = await seedOrganization(database);
        const token = await signer.issueAccessToken({ userId: ownerId, expiresInSeconds: 600 });
        return startTeamLoad(createOrgClient({ url: services.url, token, organizationId }), 100);
      },
      verify: (report, database) => countTeams(database, report.teamIds),
      loadBeforeMigrationMs: 1_500,
      loadAfterMigrationMs: 1_500,
      onProgress: (line) => {
        if (!line.startsWith("  migrating up")) console.info(`[expand/contract] ${line}`);
      },
    });
    if (result.skipped) context.skip(result.skipped);
    const notes = result.notes.join("\n");
    expect(result.notes).toContainEqual(expect.stringMatching(/ applied in \d+ ms while the previous release served$/));
    expect(result.requestsFailed, notes).toBe(0);
    expect(result.writesAcknowledged).toBeGreaterThan(0);
    expect(result.writesFound).toBe(result.writesAcknowledged);
    expect(result.ok, notes).toBe(true);
  }, 180_000);
});
