import { failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness, type TestAccount } from "../testing/auth-harness";

let harness: AuthHarness;
let user: TestAccount;
let admin: TestAccount;
let organizationId: string;

beforeAll(async () => {
  harness = await startAuthHarness();
  user = await harness.signUp("settings");
  admin = await harness.signUp("settings-admin");
  await harness.makePlatformAdmin(admin.userId);
  organizationId = await harness.createOrganization(user.userId, "member");
  await harness.database.ownerDb
    .insertInto("organization_settings")
    .values([
      { organization_id: organizationId, key: "timezone", value: JSON.stringify("Europe/Berlin") },
      { organization_id: organizationId, key: "security.mfa_required", value: "true" },
    ])
    .execute();
});

afterAll(async () => {
  await harness?.close();
});

const as = (account: TestAccount) => harness.client(account.session.accessToken);

function valuesOf(settings: { key: string; value: unknown; source: string }[]) {
  return Object.fromEntries(settings.map((setting) => [setting.key, [setting.value, setting.source]]));
}

describe("user settings", () => {
  it("sets, reads and clears typed settings", async () => {
    await as(user).auth.settings.set.mutate({ key: "theme", value: "dark" });
    await as(user).auth.settings.set.mutate({ key: "notifications.email", value: false });
    expect((await as(user).auth.settings.get.query()).map(({ key, value }) => [key, value])).toEqual([
      ["notifications.email", false],
      ["theme", "dark"],
    ]);
    await as(user).auth.settings.set.mutate({ key: "notifications.email", value: null });
    expect((await as(user).auth.settings.get.query()).map(({ key }) => key)).toEqual(["theme"]);
  });

  it("rejects unknown keys, system-only keys and values of the wrong type", async () => {
    const unknown = await failureOf(
      as(user).auth.settings.set.mutate({ key: "favourite.colour", value: "green" } as never),
    );
    expect(unknown.data.code).toBe("BAD_REQUEST");
    const systemOnly = await failureOf(
      as(user).auth.settings.set.mutate({ key: "security.mfa_required", value: false } as never),
    );
    expect(systemOnly.data.code).toBe("BAD_REQUEST");
    const wrongType = await failureOf(as(user).auth.settings.set.mutate({ key: "theme", value: "purple" } as never));
    expect(wrongType.data.fieldErrors?.value).toBeDefined();
  });

  it("resolves effective settings: system, then organization, then the user", async () => {
    await as(user).auth.settings.set.mutate({ key: "locale", value: "de-CH" });
    const withoutOrganization = valuesOf(await as(user).auth.settings.effective.query({}));
    expect(withoutOrganization.timezone).toEqual(["UTC", "system"]);
    expect(withoutOrganization.locale).toEqual(["de-CH", "user"]);
    const inOrganization = valuesOf(await as(user).auth.settings.effective.query({ organizationId }));
    expect(inOrganization.timezone).toEqual(["Europe/Berlin", "organization"]);
    expect(inOrganization["security.mfa_required"]).toEqual([true, "organization"]);
    expect(inOrganization.locale).toEqual(["de-CH", "user"]);
    expect(inOrganization.theme).toEqual(["dark", "user"]);
  });

  it("refuses effective settings of an organization the user does not belong to", async () => {
    const failure = await failureOf(as(admin).auth.settings.effective.query({ organizationId }));
    expect(failure.data.code).toBe("FORBIDDEN");
  });
});

describe("system settings", () => {
  it("lets platform administrators read and change system settings, validated by key", async () => {
    const settings = await as(admin).auth.admin.systemSettings.get.query();
    expect(settings.map((setting) => setting.key)).toEqual(expect.arrayContaining(["locale", "theme", "timezone"]));
    await as(admin).auth.admin.systemSettings.set.mutate({ key: "theme", value: "light" });
    const other = await harness.signUp("fresh");
    expect(valuesOf(await as(other).auth.settings.effective.query({})).theme).toEqual(["light", "system"]);
    const wrong = await failureOf(
      as(admin).auth.admin.systemSettings.set.mutate({ key: "timezone", value: "Nowhere/Special" }),
    );
    expect(wrong.data.code).toBe("BAD_REQUEST");
  });

  it("refuses system settings to everyone else", async () => {
    expect((await failureOf(as(user).auth.admin.systemSettings.get.query())).data.code).toBe("FORBIDDEN");
    expect(
      (await failureOf(as(user).auth.admin.systemSettings.set.mutate({ key: "theme", value: "dark" }))).data.code,
    ).toBe("FORBIDDEN");
  });
});
