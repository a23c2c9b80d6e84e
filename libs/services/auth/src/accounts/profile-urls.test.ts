import { failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthHarness, type AuthHarness } from "../testing/auth-harness";

let harness: AuthHarness;

beforeAll(async () => {
  harness = await startAuthHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe("auth.profile.update avatarUrl", () => {
  it("refuses javascript: and data: URLs as BAD_REQUEST on the avatarUrl field", async () => {
    const account = await harness.signUp("avatar");
    const client = harness.client(account.session.accessToken);
    for (const avatarUrl of [
      "javascript:alert(document.cookie)",
      "JavaScript:alert(1)",
      "data:image/svg+xml;base64,PHN2Zz4=",
    ]) {
      const refused = await failureOf(client.auth.profile.update.mutate({ avatarUrl }));
      expect(refused.data.code, avatarUrl).toBe("BAD_REQUEST");
      expect(refused.data.fieldErrors?.avatarUrl, avatarUrl).toBeDefined();
    }
    expect((await client.auth.me.query()).profile?.avatarUrl ?? null).toBeNull();
  });

  it("keeps an https URL", async () => {
    const account = await harness.signUp("pictured");
    const client = harness.client(account.session.accessToken);
    await client.auth.profile.update.mutate({ avatarUrl: "https://images.example.test/ada.png" });
    expect((await client.auth.me.query()).profile?.avatarUrl).toBe("https://images.example.test/ada.png");
  });
});
