import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreTestKit, type LoreTestKit } from "./lore-test-kit";

let kit: LoreTestKit;

beforeAll(async () => {
  kit = await startLoreTestKit();
});

afterAll(async () => {
  await kit?.close();
});

describe("the lore test kit", () => {
  it("boots lore beside vector, with organizations and teams", async () => {
    const organization = await kit.createOrganization("kit");
    const member = await kit.createUser("member");
    await kit.addMember(organization.id, member, "member");
    const teamId = await kit.createTeam(organization.id, [member]);
    expect(teamId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await kit.ownerOf(organization).lore.info.query()).name).toBe("lore");
    expect((await (await kit.vectorAs(member, organization.id)).vector.info.query()).name).toBe("vector");
  });
});
