import { failureOf, sendRawRequest, type TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStorageTestKit, type StorageTestKit } from "../testing";
import { seedObject } from "../testing/seed-objects";

let kit: StorageTestKit;
let org: TestOrganization;

beforeAll(async () => {
  kit = await startStorageTestKit({ workers: false });
  org = await kit.createOrganization("renames");
  await kit.ownerOf(org).storage.buckets.create.mutate({ name: "docs" });
  await seedObject(kit, org.owner, org.id, { bucket: "docs", path: "source.txt", body: "source" });
});

afterAll(async () => {
  await kit?.close();
});

// As JSON escapes, so each name reaches the server exactly as written.
const NAMES_NO_URL_CAN_REACH = [
  ["a C1 control", "next\\u0085line.txt"],
  ["an unpaired surrogate", "half\\ud800.txt"],
];

describe("moving and copying to a name the URL routes refuse", () => {
  it.each(NAMES_NO_URL_CAN_REACH)("refuses %s through storage-js's API with 400", async (_, escaped) => {
    for (const route of ["move", "copy"]) {
      const response = await sendRawRequest(kit.service.url, {
        method: "POST",
        path: `/orgs/${org.id}/object/${route}`,
        headers: [
          ["authorization", `Bearer ${org.owner.token}`],
          ["content-type", "application/json"],
        ],
        body: `{"bucketId":"docs","sourceKey":"source.txt","destinationKey":"${escaped}"}`,
      });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ statusCode: "400", code: "InvalidRequest" });
    }
  });

  it.each(NAMES_NO_URL_CAN_REACH)("refuses %s through storage.objects with BAD_REQUEST on `to`", async (_, escaped) => {
    const to = JSON.parse(`"${escaped}"`) as string;
    const objects = kit.ownerOf(org).storage.objects;
    for (const change of [objects.move, objects.copy]) {
      const failure = await failureOf(change.mutate({ bucket: "docs", from: "source.txt", to }));
      expect(failure.data).toMatchObject({ code: "BAD_REQUEST" });
    }
  });

  it("leaves the source where it was and makes no other object", async () => {
    const listed = await kit.ownerOf(org).storage.objects.list.query({ bucket: "docs" });
    expect(listed.items.map((item) => item.path)).toEqual(["source.txt"]);
  });
});
