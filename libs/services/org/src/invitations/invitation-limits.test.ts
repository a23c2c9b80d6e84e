import { retryAfterSecondsOf } from "@cauldron/contracts";
import type { ClientFailure } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "../testing/org-test-kit";

let kit: OrgTestKit;

beforeAll(async () => {
  kit = await startOrgTestKit(
    { config: { ORG_INVITATIONS_PER_INVITER_PER_HOUR: 5, ORG_INVITATIONS_PER_ORGANIZATION_PER_HOUR: 8 } },
    { RPC_MAX_BATCH_SIZE: "60" },
  );
});

afterAll(async () => {
  await kit?.close();
});

async function organizationOf(owner: TestUser): Promise<string> {
  return (await kit.as(owner).org.create.mutate({ name: `Limits ${owner.id.slice(0, 8)}` })).id;
}

/** Sends `count` invitations at once (one batched request) and sorts the outcomes. */
async function inviteAtOnce(inviter: TestUser, organizationId: string, count: number, label: string) {
  const client = kit.as(inviter, organizationId);
  const outcomes = await Promise.allSettled(
    Array.from({ length: count }, (_, index) =>
      client.org.invitations.create.mutate({ email: `${label}-${index}-${inviter.id.slice(0, 8)}@example.test` }),
    ),
  );
  return {
    created: outcomes.filter((outcome) => outcome.status === "fulfilled").length,
    refused: outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason as ClientFailure] : [])),
  };
}

describe("invitation limits", () => {
  it("creates only 5 of 60 invitations one member sends in one batched request, refusing the rest with the wait", async () => {
    const owner = await kit.createUser("batch-owner");
    const organizationId = await organizationOf(owner);
    const { created, refused } = await inviteAtOnce(owner, organizationId, 60, "batch");
    expect(created).toBe(5);
    expect(refused).toHaveLength(55);
    for (const failure of refused) {
      expect(failure.data).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "rate_limited" });
      expect(retryAfterSecondsOf(failure.data)).toBeGreaterThan(0);
    }
    const listed = await kit.as(owner, organizationId).org.invitations.list.query({ status: "pending" });
    expect(listed.items).toHaveLength(5);
  });

  it("limits an organization as a whole, across its inviters", async () => {
    const owner = await kit.createUser("org-owner");
    const admin = await kit.createUser("org-admin");
    const organizationId = await organizationOf(owner);
    await kit.join(owner, organizationId, admin, "admin");
    expect((await inviteAtOnce(owner, organizationId, 4, "owner")).created).toBe(4);
    // Five sent so far of the organization's eight: the admin, below their own five, gets three.
    const fromAdmin = await inviteAtOnce(admin, organizationId, 10, "admin");
    expect(fromAdmin.created).toBe(3);
    expect(fromAdmin.refused.every((failure) => failure.data.code === "TOO_MANY_REQUESTS")).toBe(true);
  });

  it("keeps one organization's limit from touching another's", async () => {
    const busy = await kit.createUser("busy-owner");
    const quiet = await kit.createUser("quiet-owner");
    await inviteAtOnce(busy, await organizationOf(busy), 20, "busy");
    expect((await inviteAtOnce(quiet, await organizationOf(quiet), 2, "quiet")).created).toBe(2);
  });
});
