import {
  errorCodeOf,
  HOSTILE_HTTP_ENV,
  sendRawRequest,
  SERVER_KIT_HOSTILE_CASES,
  type HostileTarget,
} from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_EXPORT_HOSTILE_CASES } from "./testing/audit-export-hostile-cases";
import { startOrgTestKit, type OrgTestKit, type TestUser } from "./testing/org-test-kit";

let kit: OrgTestKit;
let owner: TestUser;
let target: HostileTarget;

beforeAll(async () => {
  kit = await startOrgTestKit({}, HOSTILE_HTTP_ENV);
  owner = await kit.createUser("owner");
  const organization = await kit.as(owner).org.create.mutate({ name: "Besieged Org" });
  target = {
    url: kit.service.url,
    query: "org.info",
    mutation: "org.create",
    token: owner.token,
    organizationId: organization.id,
  };
});

afterAll(async () => {
  await kit?.close();
});

describe("hostile HTTP against the org service", () => {
  it.each([...SERVER_KIT_HOSTILE_CASES, ...AUDIT_EXPORT_HOSTILE_CASES])(
    "answers $name with a typed $expect.status",
    async (hostile) => {
      const response = await sendRawRequest(target.url, hostile.request(target));
      expect({ status: response.status, code: errorCodeOf(response) }).toEqual(hostile.expect);
    },
  );

  it("still answers /healthz, a procedure and an export after every case", async () => {
    expect((await fetch(`${target.url}/healthz`)).status).toBe(200);
    expect(await kit.as(owner, target.organizationId).org.get.query()).toMatchObject({ id: target.organizationId });
    const exported = await fetch(`${target.url}/audit/export`, {
      headers: { authorization: `Bearer ${owner.token}`, "x-organization-id": target.organizationId },
    });
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain("organization.created");
  });
});
