import { createDatabase, type Database } from "@cauldron/db";
import { createTestDatabase, startTestService, type TestDatabase, type TestService } from "@cauldron/testing";
import { sql, type Kysely } from "kysely";
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrgService, type OrgRouter } from "../org-service";

// One pooled connection: an export that held it while its client dawdles would stall everyone.
let database: TestDatabase;
let pool: Kysely<Database>;
let service: TestService<OrgRouter>;

interface Person {
  id: string;
  token: string;
  organizationId: string;
}

async function createPerson(label: string, organizationName: string): Promise<Person> {
  const row = await database.ownerDb
    .insertInto("users")
    .values({
      email: `${label}-${randomBytes(4).toString("hex")}@example.test`,
      display_name: label,
      email_verified_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const token = await service.signer.issueAccessToken({ userId: row.id });
  const organization = await service.client({ token }).org.create.mutate({ name: organizationName });
  return { id: row.id, token, organizationId: organization.id };
}

let owner: Person;
let neighbour: Person;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createDatabase({
    url: database.appUrl,
    poolMax: 1,
    connectionTimeoutMs: 5_000,
    applicationName: "export-limits",
  });
  const definition = createOrgService({
    config: { ORG_AUDIT_EXPORT_WRITE_TIMEOUT_MS: 2_000, ORG_AUDIT_EXPORT_MAX_PER_USER: 1 },
  });
  // No background workers: nothing but the requests of this file uses the one connection.
  service = await startTestService(definition, { db: pool, workers: false });
  owner = await createPerson("owner", "Exporting Org");
  neighbour = await createPerson("neighbour", "Next Door Org");
  // About 10 MB of export: far more than socket buffers hold for a client that stops reading.
  await sql`
    insert into audit.audit_logs (organization_id, actor_user_id, actor_type, action, target_type, target_id, metadata, created_at)
    select ${owner.organizationId}::uuid, ${owner.id}::uuid, 'user', 'bulk.imported', 'item', n::text,
           jsonb_build_object('note', repeat('x', 400)), now() - interval '1 day' + n * interval '1 millisecond'
    from generate_series(1, 20000) as n
  `.execute(database.ownerDb);
});

afterAll(async () => {
  await service?.close();
  await pool?.destroy();
  await database?.destroy();
});

const EXPORT_QUERY = "/audit/export?action=bulk.imported";

function exportAs(person: Person, organizationId = person.organizationId): Promise<Response> {
  return fetch(`${service.url}${EXPORT_QUERY}`, {
    headers: { authorization: `Bearer ${person.token}`, "x-organization-id": organizationId },
  });
}

/** Starts an export and stops reading it as soon as the first bytes arrive. */
function startStalledExport(person: Person): Promise<{ firstBytes: string; resume(): Promise<number> }> {
  const { hostname, port } = new URL(service.url);
  const socket: Socket = connect(Number(port), hostname);
  let received = 0;
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  socket.on("error", () => socket.destroy());
  socket.write(
    `GET ${EXPORT_QUERY} HTTP/1.1\r\nhost: ${hostname}\r\nauthorization: Bearer ${person.token}\r\n` +
      `x-organization-id: ${person.organizationId}\r\nconnection: close\r\n\r\n`,
  );
  return new Promise((resolve) => {
    socket.once("data", (first: Buffer) => {
      socket.pause();
      received += first.length;
      socket.on("data", (chunk: Buffer) => (received += chunk.length));
      resolve({
        firstBytes: first.toString("latin1"),
        resume: async () => {
          socket.resume();
          await closed;
          return received;
        },
      });
    });
  });
}

async function waitUntilExportSlotFrees(person: Person): Promise<Response> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const response = await exportAs(person);
    if (response.status !== 429) return response;
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the stalled export never released its slot");
}

describe("GET /audit/export under slow and greedy clients", () => {
  it("holds no connection while a client stops reading, caps exports per person, and cuts the stalled client off", async () => {
    const stalled = await startStalledExport(owner);
    expect(stalled.firstBytes).toMatch(/^HTTP\/1\.1 200/);

    const second = await exportAs(owner);
    expect(second.status).toBe(429);
    expect(await second.json()).toMatchObject({ error: { code: "TOO_MANY_REQUESTS" } });

    const neighbours = await exportAs(neighbour);
    expect(neighbours.status).toBe(200);
    await neighbours.text();

    const asOwner = service.client({ token: owner.token, organizationId: owner.organizationId });
    const page = await asOwner.org.audit.list.query({ limit: 1 });
    expect(page.items).toHaveLength(1);

    const complete = await waitUntilExportSlotFrees(owner);
    expect(complete.status).toBe(200);
    const completeBytes = Buffer.byteLength(await complete.text());
    expect(completeBytes).toBeGreaterThan(5_000_000);

    const stalledBytes = await stalled.resume();
    expect(stalledBytes).toBeLessThan(completeBytes);
  });
});
