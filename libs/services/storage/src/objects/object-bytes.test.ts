import type { TestOrganization, TestPerson } from "@cauldron/testing";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedObject, startObservedStorageKit, type ObservedStorageKit } from "../testing/seed-objects";
import { bytesKey } from "./bytes-location";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe.each(["filesystem", "s3"] as const)("object bytes on the %s backend", (backend) => {
  let observed: ObservedStorageKit;
  let org: TestOrganization;
  let member: TestPerson;

  beforeAll(async () => {
    observed = await startObservedStorageKit(backend);
    org = await observed.kit.createOrganization("bytes");
    member = await observed.kit.createUser("member");
    await observed.kit.addMember(org.id, member, "member");
    await observed.kit.ownerOf(org).storage.buckets.create.mutate({ name: "files" });
    await observed.kit.ownerOf(org).storage.buckets.create.mutate({ name: "backup" });
  });

  afterAll(async () => {
    await observed?.close();
  });

  const objects = () => observed.kit.as(member, org.id).storage.objects;
  const versionKeyOf = async (path: string, bucket = "files") => {
    const { id } = await objects().info.query({ bucket, path });
    const row = await observed.kit.database.ownerDb
      .selectFrom("storage.objects")
      .select(["organization_id", "version"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    return bytesKey(row.organization_id, row.version);
  };

  it("copies an object into bytes of its own, which outlive the original", async () => {
    const original = await seedObject(observed.kit, member, org.id, {
      bucket: "files",
      path: "copy/a.txt",
      body: "alpha",
    });
    const copy = await objects().copy.mutate({
      bucket: "files",
      from: "copy/a.txt",
      to: "a.txt",
      destinationBucket: "backup",
    });
    expect(copy).toMatchObject({
      bucket: "backup",
      path: "a.txt",
      size: 5,
      checksum: sha256("alpha"),
      owner: member.id,
    });
    expect(copy.id).not.toBe(original.id);
    const copyKey = await versionKeyOf("a.txt", "backup");
    expect(await observed.storedKeys(org.id)).toEqual([await versionKeyOf("copy/a.txt"), copyKey].sort());

    await objects().remove.mutate({ bucket: "files", paths: ["copy/a.txt"] });
    expect(await observed.storedKeys(org.id)).toEqual([copyKey]);
    expect(await objects().verifyChecksum.query({ bucket: "backup", path: "a.txt" })).toEqual({
      checksum: sha256("alpha"),
      actual: sha256("alpha"),
      matches: true,
    });
    await objects().remove.mutate({ bucket: "backup", paths: ["a.txt"] });
  });

  it("removes objects with their bytes, answering what went", async () => {
    await seedObject(observed.kit, member, org.id, { bucket: "files", path: "gone/1.txt", body: "one" });
    await seedObject(observed.kit, member, org.id, { bucket: "files", path: "gone/2.txt", body: "two" });
    const kept = await versionKeyOf("gone/2.txt");
    const removed = await objects().remove.mutate({ bucket: "files", paths: ["gone/1.txt"] });
    expect(removed).toMatchObject([{ path: "gone/1.txt", size: 3, checksum: sha256("one") }]);
    expect(await observed.storedKeys(org.id)).toEqual([kept]);
    await objects().remove.mutate({ bucket: "files", paths: ["gone/2.txt"] });
    expect(await observed.storedKeys(org.id)).toEqual([]);
  });

  it("verifies the stored checksum against the bytes read back, telling changed and missing bytes apart", async () => {
    await seedObject(observed.kit, member, org.id, { bucket: "files", path: "check/c.txt", body: "checked" });
    const target = { bucket: "files", path: "check/c.txt" };
    expect(await objects().verifyChecksum.query(target)).toMatchObject({ actual: sha256("checked"), matches: true });

    const key = await versionKeyOf("check/c.txt");
    await observed.bytes.write(key, Readable.from([Buffer.from("tampered")]));
    expect(await objects().verifyChecksum.query(target)).toEqual({
      checksum: sha256("checked"),
      actual: sha256("tampered"),
      matches: false,
    });

    await observed.bytes.remove([key]);
    expect(await objects().verifyChecksum.query(target)).toEqual({
      checksum: sha256("checked"),
      actual: null,
      matches: false,
    });
    await objects().remove.mutate({ bucket: "files", paths: ["check/c.txt"] });
  });
});
