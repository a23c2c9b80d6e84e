import type { TestOrganization } from "@cauldron/testing";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { sql } from "kysely";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadPartKey } from "../objects/bytes-location";
import type { StorageTestKit } from "../testing";
import { startObservedStorageKit, type ObservedStorageKit } from "../testing/seed-objects";
import { randomFile, tusOptions, tusRequest, uploadPartKeys, uploadSomeChunks } from "./tus-test-fixtures";
import { uploadExpiryJob } from "./upload-expiry-job";

describe.each(["filesystem", "s3"] as const)("the upload expiry job on the %s backend", (backend) => {
  let observed: ObservedStorageKit;
  let kit: StorageTestKit;
  let org: TestOrganization;

  beforeAll(async () => {
    observed = await startObservedStorageKit(backend);
    kit = observed.kit;
    org = await kit.createOrganization("drafts");
    await kit.ownerOf(org).storage.buckets.create.mutate({ name: "inbox" });
  });

  afterAll(async () => {
    await observed?.close();
  });

  const runJob = () =>
    uploadExpiryJob(observed.bytes).run({
      db: kit.database.db,
      logger: pino({ level: "silent" }),
      signal: new AbortController().signal,
      instanceId: "test",
    });

  async function startedWithParts(path: string): Promise<{ url: string; id: string }> {
    const options = tusOptions(kit, org.id, org.owner, { bucket: "inbox", path }, { chunkSize: 1_000 });
    const url = await uploadSomeChunks(randomFile(4_000), options, 2);
    return { url, id: url.split("/").pop()! };
  }

  it("deletes uploads past their expiry with their parts, and leaves live ones whole", async () => {
    const expired = await startedWithParts("old/abandoned.bin");
    const live = await startedWithParts("new/in progress.bin");
    await kit.database.ownerDb
      .updateTable("storage.uploads")
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where("id", "=", expired.id)
      .execute();
    expect((await tusRequest(expired.url, { method: "HEAD", token: org.owner.token })).status).toBe(404);

    await runJob();
    const rows = await kit.database.ownerDb.selectFrom("storage.uploads").select("id").execute();
    expect(rows.map((row) => row.id)).toEqual([live.id]);
    expect((await uploadPartKeys(observed.bytes)).sort()).toEqual([
      uploadPartKey(live.id, 0),
      uploadPartKey(live.id, 1),
    ]);
    const head = await tusRequest(live.url, { method: "HEAD", token: org.owner.token });
    expect(head.headers.get("upload-offset")).toBe("2000");
  });

  it("removes parts whose upload no longer exists, and keys under the prefix that name no upload", async () => {
    const leftovers = [uploadPartKey(randomUUID(), 0), "uploads/stray/0"];
    for (const key of leftovers) await observed.bytes.write(key, Readable.from([Buffer.from("left behind")]));
    const before = await uploadPartKeys(observed.bytes);
    expect(before).toEqual(expect.arrayContaining(leftovers));
    await runJob();
    expect((await uploadPartKeys(observed.bytes)).sort()).toEqual(
      before.filter((key) => !leftovers.includes(key)).sort(),
    );
  });
});
