import { createTestPeople, failureOf, startTestService } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLoreService } from "../lore-service";
import { startLoreTestKit, type LoreTestKit, type LoreTestOrganization } from "../testing";

let kit: LoreTestKit;
let org: LoreTestOrganization;

const source = { bucket: "library", path: "herbs/herbal.md" };

beforeAll(async () => {
  kit = await startLoreTestKit({}, { workers: false });
  org = await kit.createOrganization("archive");
});

afterAll(async () => {
  await kit?.close();
});

describe("lore.documents.create's source, refused before storage is asked", () => {
  it("takes exactly one of content, contentBase64 and source, with a contentType only beside content", async () => {
    const inputs = [
      { input: { title: "x", content: "y", contentType: "text/plain", source }, field: "source" },
      { input: { title: "x", contentBase64: "eQ==", contentType: "application/pdf", source }, field: "source" },
      { input: { title: "x", source, contentType: "text/plain" }, field: "contentType" },
      { input: { title: "x", content: "y" }, field: "contentType" },
      { input: { title: "x" }, field: "contentType" },
      { input: { title: "x", contentType: "text/plain" }, field: "content" },
      { input: { title: "x", source: { bucket: "library", path: "../escape.md" } }, field: "source.path" },
    ];
    for (const { input, field } of inputs) {
      const failure = await failureOf(kit.ownerOf(org).lore.documents.create.mutate(input as never));
      expect(failure.data.code).toBe("BAD_REQUEST");
      expect(failure.data.fieldErrors).toHaveProperty([field]);
    }
  });

  it("answers PRECONDITION_FAILED naming SERVICE_TOKEN_SECRET when lore cannot call storage", async () => {
    const unlinked = await startTestService(createLoreService(), {
      db: kit.database.db,
      workers: false,
      env: { SERVICE_TOKEN_SECRET: "" },
    });
    try {
      const owner = await createTestPeople(kit.database, unlinked.signer).createOrganization("unlinked");
      const client = unlinked.client({ token: owner.owner.token, organizationId: owner.id });
      const failure = await failureOf(client.lore.documents.create.mutate({ title: "x", source }));
      expect(failure.data.code).toBe("PRECONDITION_FAILED");
      expect(failure.message).toContain("SERVICE_TOKEN_SECRET");
    } finally {
      await unlinked.close();
    }
  });
});
