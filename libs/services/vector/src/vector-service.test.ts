import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVectorTestKit, type VectorTestKit } from "./testing";

let kit: VectorTestKit;

beforeAll(async () => {
  kit = await startVectorTestKit();
});

afterAll(async () => {
  await kit?.close();
});

describe("vector service", () => {
  it("answers vector.info to a member of an organization", async () => {
    const organization = await kit.createOrganization("info");
    const info = await kit.ownerOf(organization).vector.info.query();
    expect(info.name).toBe("vector");
  });
});
