import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;
let owner: TestUser;
let viewer: TestUser;
let organizationId: string;
// The organization requires a second factor for a while below, so the owner holds a verified session.
let ownerVerified: string;

beforeAll(async () => {
  kit = await startOrgTestKit();
  owner = await kit.createUser("owner");
  ownerVerified = await kit.service.signer.issueAccessToken({ userId: owner.id, aal: "aal2" });
  viewer = await kit.createUser("viewer");
  organizationId = (await kit.as(owner).org.create.mutate({ name: "Settings Org" })).id;
  await kit.join(owner, organizationId, viewer, "viewer");
});

afterAll(async () => {
  await kit?.close();
});

const asOwner = () => kit.service.client({ token: ownerVerified, organizationId });

describe("org.settings", () => {
  it("starts from the system defaults", async () => {
    expect(await asOwner().org.settings.get.query()).toEqual([]);
    const effective = await kit.as(viewer, organizationId).org.settings.effective.query();
    expect(effective).toEqual(
      expect.arrayContaining([
        { key: "locale", value: "en", source: "system" },
        { key: "timezone", value: "UTC", source: "system" },
        { key: "security.mfa_required", value: false, source: "system" },
      ]),
    );
  });

  it("overrides a key for the organization, and falls back to the system value once reset", async () => {
    const set = await asOwner().org.settings.set.mutate({ key: "timezone", value: "Europe/Berlin" });
    expect(set).toMatchObject({ key: "timezone", value: "Europe/Berlin", updatedByUserId: owner.id });
    await asOwner().org.settings.set.mutate({ key: "security.mfa_required", value: true });
    expect(
      await asOwner().org.settings.effective.query({ keys: ["timezone", "security.mfa_required", "theme"] }),
    ).toEqual([
      { key: "security.mfa_required", value: true, source: "organization" },
      { key: "theme", value: "system", source: "system" },
      { key: "timezone", value: "Europe/Berlin", source: "organization" },
    ]);
    expect((await asOwner().org.settings.get.query()).map((setting) => setting.key)).toEqual([
      "security.mfa_required",
      "timezone",
    ]);

    expect(await asOwner().org.settings.reset.mutate({ key: "timezone" })).toEqual({
      key: "timezone",
      value: "UTC",
      source: "system",
    });
    const audit = await asOwner().org.audit.list.query({ action: "settings.*", targetId: "timezone" });
    expect(audit.items.map((entry) => entry.action)).toEqual(["settings.reset", "settings.updated"]);
    await asOwner().org.settings.reset.mutate({ key: "security.mfa_required" });
  });

  it("checks each key's value type and refuses unknown keys", async () => {
    const badZone = await failureOf(asOwner().org.settings.set.mutate({ key: "timezone", value: "Mars/Olympus" }));
    expect(badZone.data.code).toBe("BAD_REQUEST");
    expect(badZone.message).toContain("IANA");
    const wrongType = asOwner().org.settings.set.mutate({
      key: "notifications.email",
      value: "yes" as unknown as boolean,
    });
    expect(await codeOf(wrongType)).toBe("BAD_REQUEST");
    const unknown = asOwner().org.settings.set.mutate({ key: "no.such.key", value: 1 } as never);
    expect(await codeOf(unknown)).toBe("BAD_REQUEST");
  });

  it("does not let a viewer change settings", async () => {
    expect(await codeOf(kit.as(viewer, organizationId).org.settings.set.mutate({ key: "theme", value: "dark" }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(kit.as(viewer, organizationId).org.settings.reset.mutate({ key: "theme" }))).toBe("FORBIDDEN");
  });
});
