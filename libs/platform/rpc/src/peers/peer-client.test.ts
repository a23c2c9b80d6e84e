import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SERVICE_CALLS } from "@cauldron/config";
import {
  createTestDatabase,
  startTestService,
  TEST_SERVICE_TOKEN_SECRET,
  type TestDatabase,
  type TestService,
} from "@cauldron/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../auth/principal";
import { defineService } from "../service-definition";
import { organizationProcedure, router } from "../trpc";
import { createPeerClient, type PeerClientOptions } from "./peer-client";

let recorded = 0;

// Stands in for vector, the service lore calls: one query and one mutation inside an organization.
const calleeService = defineService({
  name: "vector",
  createRouter: () =>
    router({
      peer: router({
        whoAmI: organizationProcedure.meta({ scope: "members:read" }).query(({ ctx }) =>
          ctx.tenant(async (trx) => {
            const setting = await sql<{
              user_id: string;
            }>`select current_setting('app.user_id', true) as user_id`.execute(trx);
            const visible = await trx.selectFrom("organizations").select("id").execute();
            return { userId: setting.rows[0]?.user_id ?? null, organizationIds: visible.map((row) => row.id) };
          }),
        ),
        record: organizationProcedure.meta({ scope: "members:read" }).mutation(() => {
          recorded += 1;
          return recorded;
        }),
      }),
    }),
});

type CalleeRouter = ReturnType<typeof calleeService.createRouter>;

/** A hop in front of the callee that can drop a connection or never answer, as a failing network does. */
interface FaultyHop {
  url: string;
  /** Requests that reached the hop, answered or not. */
  requests: number;
  failNext(fault: "reset" | "hang"): void;
  close(): Promise<void>;
}

async function startFaultyHop(target: string): Promise<FaultyHop> {
  const faults: ("reset" | "hang")[] = [];
  const hop = { requests: 0 } as FaultyHop;
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string" && entry[0] !== "host",
      ),
    );
    const answer = await fetch(`${target}${req.url ?? "/"}`, {
      method: req.method,
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await answer.arrayBuffer()));
  };
  const server: Server = createServer((req, res) => {
    hop.requests += 1;
    const fault = faults.shift();
    if (fault === "reset") req.socket.destroy();
    else if (fault !== "hang") void forward(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  hop.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  hop.failNext = (fault) => faults.push(fault);
  hop.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return hop;
}

let database: TestDatabase;
let callee: TestService<CalleeRouter>;
let hop: FaultyHop;
let member: Principal;
let ownOrganization: string;
let otherOrganization: string;

async function createOrganizationOf(label: string): Promise<{ userId: string; organizationId: string }> {
  const suffix = randomBytes(4).toString("hex");
  const user = await database.ownerDb
    .insertInto("users")
    .values({ email: `${label}-${suffix}@example.test`, display_name: label, email_verified_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  const organization = await database.ownerDb
    .insertInto("organizations")
    .values({ name: `${label} ${suffix}`, slug: `${label}-${suffix}`, created_by: user.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  await database.ownerDb
    .insertInto("organization_users")
    .values({ organization_id: organization.id, user_id: user.id, role: "owner" })
    .execute();
  return { userId: user.id, organizationId: organization.id };
}

function peerOptions(overrides: Partial<PeerClientOptions> = {}): PeerClientOptions {
  return { caller: "lore", grants: ["members:read"], secret: TEST_SERVICE_TOKEN_SECRET, url: hop.url, ...overrides };
}

beforeAll(async () => {
  database = await createTestDatabase();
  callee = await startTestService(calleeService, { db: database.db });
  hop = await startFaultyHop(callee.url);
  const own = await createOrganizationOf("ada");
  const other = await createOrganizationOf("grace");
  member = { kind: "user", userId: own.userId, sessionId: randomUUID(), aal: "aal1" };
  ownOrganization = own.organizationId;
  otherOrganization = other.organizationId;
});

afterAll(async () => {
  await hop?.close();
  await callee?.close();
  await database?.destroy();
});

describe("calls between services", () => {
  it("acts as the request's user inside the request's organization, confined by Row-Level Security", async () => {
    const peer = createPeerClient<CalleeRouter>("vector", peerOptions());
    const answer = await peer.for({ principal: member, organizationId: ownOrganization }).peer.whoAmI.query();
    expect(answer).toEqual({ userId: (member as { userId: string }).userId, organizationIds: [ownOrganization] });
    const elsewhere = await peer
      .for({ principal: member, organizationId: otherOrganization })
      .peer.whoAmI.query()
      .catch((error: unknown) => error);
    expect(elsewhere).toMatchObject({ data: { code: "FORBIDDEN" } });
  });

  it("grants only what the caller declared for the callee", async () => {
    const peer = createPeerClient<CalleeRouter>("vector", peerOptions({ grants: ["documents:read"] }));
    const refused = await peer
      .for({ principal: member, organizationId: ownOrganization })
      .peer.whoAmI.query()
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ data: { code: "FORBIDDEN", reason: "token_scope" } });
  });

  it("repeats a query once when its connection is reset", async () => {
    const peer = createPeerClient<CalleeRouter>("vector", peerOptions());
    const before = hop.requests;
    hop.failNext("reset");
    const answer = await peer.for({ principal: member, organizationId: ownOrganization }).peer.whoAmI.query();
    expect(answer.organizationIds).toEqual([ownOrganization]);
    expect(hop.requests - before).toBe(2);
  });

  it("never repeats a mutation, even when its connection is reset", async () => {
    const peer = createPeerClient<CalleeRouter>("vector", peerOptions());
    const before = { requests: hop.requests, recorded };
    hop.failNext("reset");
    const failure = await peer
      .for({ principal: member, organizationId: ownOrganization })
      .peer.record.mutate()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(hop.requests - before.requests).toBe(1);
    expect(recorded).toBe(before.recorded);
  });

  it("gives up on a peer that does not answer in time with GATEWAY_TIMEOUT and reason peer_timeout", async () => {
    const peer = createPeerClient<CalleeRouter>("vector", peerOptions({ timeoutMs: 200 }));
    const before = hop.requests;
    hop.failNext("hang");
    const failure = await peer
      .for({ principal: member, organizationId: ownOrganization })
      .peer.whoAmI.query()
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "GATEWAY_TIMEOUT", reason: "peer_timeout" });
    expect(hop.requests - before).toBe(1);
  });

  it("opens the breaker after consecutive failures, refuses at once while open, and recovers after the cool-down", async () => {
    let now = 0;
    const peer = createPeerClient<CalleeRouter>(
      "vector",
      peerOptions({ queryRetries: 0, breaker: { failureThreshold: 2, cooldownMs: 30_000, now: () => now } }),
    );
    const call = () => peer.for({ principal: member, organizationId: ownOrganization }).peer.whoAmI.query();
    hop.failNext("reset");
    hop.failNext("reset");
    await expect(call()).rejects.toBeInstanceOf(Error);
    await expect(call()).rejects.toBeInstanceOf(Error);
    expect(peer.breaker.state()).toBe("open");

    const before = hop.requests;
    const refused = await call().catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "peer_unavailable", retryAfterSeconds: 30 });
    expect(hop.requests).toBe(before);

    now += 30_000;
    expect(peer.breaker.state()).toBe("half-open");
    expect((await call()).organizationIds).toEqual([ownOrganization]);
    expect(peer.breaker.state()).toBe("closed");
  });

  it("refuses to build a client for a direction the call table does not declare", () => {
    expect(SERVICE_CALLS.vector).not.toContain("lore");
    expect(() => createPeerClient("lore", peerOptions({ caller: "vector" }))).toThrow(/vector may not call lore/);
  });
});
