import { failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;
let owner: TestUser;
let organizationId: string;

beforeAll(async () => {
  kit = await startOrgTestKit();
  owner = await kit.createUser("owner");
  organizationId = (await kit.as(owner).org.create.mutate({ name: "Branded Org" })).id;
});

afterAll(async () => {
  await kit?.close();
});

describe("org.update logoUrl", () => {
  it("refuses javascript: and data: URLs as BAD_REQUEST and keeps an https one", async () => {
    const client = kit.as(owner, organizationId);
    for (const logoUrl of ["javascript:alert(document.cookie)", "data:image/svg+xml;base64,PHN2Zz4="]) {
      const refused = await failureOf(client.org.update.mutate({ logoUrl }));
      expect(refused.data.code, logoUrl).toBe("BAD_REQUEST");
      expect(refused.data.fieldErrors?.logoUrl, logoUrl).toBeDefined();
    }
    const updated = await client.org.update.mutate({ logoUrl: "https://cdn.example.test/logo.png" });
    expect(updated.logoUrl).toBe("https://cdn.example.test/logo.png");
  });
});
