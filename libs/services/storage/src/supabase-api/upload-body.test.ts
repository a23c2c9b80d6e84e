import type { TestOrganization } from "@cauldron/testing";
import { sql } from "kysely";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startObservedStorageKit, type ObservedStorageKit } from "../testing/seed-objects";

describe("upload bodies sent with trouble", () => {
  let observed: ObservedStorageKit;
  let org: TestOrganization;

  beforeAll(async () => {
    observed = await startObservedStorageKit("filesystem");
    org = await observed.kit.createOrganization("leaving");
    await observed.kit.ownerOf(org).storage.buckets.create.mutate({ name: "files" });
  });

  afterAll(async () => {
    await observed?.close();
  });

  it.each([
    ["a NUL character", '{"note":"a\\u0000b"}'],
    ["an unpaired surrogate", '{"note":"\\ud800"}'],
    ["nesting 5000 deep", `{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`],
  ])("refuses user metadata holding %s with 400, as a header or a form field, storing nothing", async (_, json) => {
    const before = await observed.storedKeys(org.id);
    const url = (path: string) => `${observed.kit.apiUrl(org.id)}/object/files/${path}`;
    const authorization = `Bearer ${org.owner.token}`;
    const raw = await fetch(url("raw.txt"), {
      method: "POST",
      headers: { authorization, "content-type": "text/plain", "x-metadata": Buffer.from(json).toString("base64") },
      body: "hello",
    });
    const form = new FormData();
    form.append("metadata", json);
    form.append("", new Blob(["hello"], { type: "text/plain" }), "form.txt");
    const viaForm = await fetch(url("form.txt"), { method: "POST", headers: { authorization }, body: form });
    for (const response of [raw, viaForm]) {
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: "400", code: "InvalidRequest" });
    }
    expect(await observed.storedKeys(org.id)).toEqual(before);
  });

  // The bucket check waits on a lock the test holds, so the client is gone before any byte is read.
  it("keeps the service up, answering the next request, and stores nothing", async () => {
    const before = await observed.storedKeys(org.id);
    const url = new URL(observed.kit.service.url);
    await observed.kit.database.ownerDb.transaction().execute(async (trx) => {
      await sql`lock table storage.buckets in access exclusive mode`.execute(trx);
      const socket = connect(Number(url.port), url.hostname);
      socket.on("error", () => undefined);
      socket.write(
        [
          `POST /orgs/${org.id}/object/files/left.bin HTTP/1.1`,
          `host: ${url.host}`,
          `authorization: Bearer ${org.owner.token}`,
          "content-type: application/octet-stream",
          "content-length: 100000",
          "",
          "only the first bytes",
        ].join("\r\n"),
      );
      const waitingOnTheLock = async () => {
        const { rows } = await sql<{ waiting: number }>`
          select count(*)::int as waiting from pg_locks where not granted and relation = 'storage.buckets'::regclass
        `.execute(trx);
        return (rows[0]?.waiting ?? 0) > 0;
      };
      while (!(await waitingOnTheLock())) await sleep(20);
      socket.destroy();
      expect((await fetch(`${observed.kit.service.url}/healthz`)).status).toBe(200);
    });
    const buckets = await fetch(`${observed.kit.apiUrl(org.id)}/bucket`, {
      headers: { authorization: `Bearer ${org.owner.token}` },
    });
    expect(buckets.status).toBe(200);
    expect(await observed.storedKeys(org.id)).toEqual(before);
    expect((await observed.kit.ownerOf(org).storage.objects.list.query({ bucket: "files" })).items).toEqual([]);
  });
});
