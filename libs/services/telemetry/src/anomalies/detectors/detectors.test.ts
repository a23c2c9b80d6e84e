import { randomUUID } from "node:crypto";
import { codeOf, failureOf, type TestOrganization } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetryTestKit, type TelemetryTestKit } from "../../testing";

let kit: TelemetryTestKit;
let org: TestOrganization;
let other: TestOrganization;

const detectorsOf = (organization: TestOrganization) => kit.ownerOf(organization).telemetry.anomalies.detectors;
const latency = { name: "checkout latency", metric: "checkout.latency", bucket: "5 minutes", method: "mad" } as const;

beforeAll(async () => {
  kit = await startTelemetryTestKit();
  org = await kit.createOrganization("detectors");
  other = await kit.createOrganization("other");
});

afterAll(async () => {
  await kit?.close();
});

describe("telemetry.anomalies.detectors", () => {
  it("creates a detector with its defaults filled in, lists, changes and deletes it", async () => {
    const created = await detectorsOf(org).create.mutate(latency);
    expect(created).toMatchObject({
      name: "checkout latency",
      kind: "business",
      metric: "checkout.latency",
      where: {},
      aggregate: "avg",
      bucketSeconds: 300,
      method: "mad",
      parameters: { window: 60, threshold: 3.5, cooldown: 0 },
      raiseAlerts: false,
      alertSeverity: "warning",
      enabled: true,
      checkedUntil: null,
    });
    expect((await detectorsOf(org).list.query({})).items.map((one) => one.id)).toEqual([created.id]);

    const updated = await detectorsOf(org).update.mutate({
      id: created.id,
      where: { region: "eu" },
      aggregate: "p95",
      raiseAlerts: true,
      alertSeverity: "critical",
      parameters: { window: 30, threshold: 5 },
    });
    expect(updated).toMatchObject({
      where: { region: "eu" },
      aggregate: "p95",
      raiseAlerts: true,
      alertSeverity: "critical",
      parameters: { window: 30, threshold: 5, cooldown: 0 },
    });

    expect(await detectorsOf(org).delete.mutate({ id: created.id })).toEqual({ id: created.id });
    expect((await detectorsOf(org).list.query({})).items).toEqual([]);
    expect(await codeOf(detectorsOf(org).delete.mutate({ id: created.id }))).toBe("NOT_FOUND");
  });

  it("starts a new method from its own defaults unless parameters come with it", async () => {
    const created = await detectorsOf(org).create.mutate({ ...latency, name: "switching", parameters: { window: 20 } });
    const seasonal = await detectorsOf(org).update.mutate({ id: created.id, method: "seasonal_mad" });
    expect(seasonal.parameters).toEqual({ window: 60, threshold: 3.5, cooldown: 0, seasons: 3 });
    const tuned = await detectorsOf(org).update.mutate({ id: created.id, parameters: { seasonLength: 12 } });
    expect(tuned).toMatchObject({ method: "seasonal_mad", parameters: { window: 60, seasonLength: 12, seasons: 3 } });
  });

  it("pages through detectors by name", async () => {
    for (const name of ["page a", "page b", "page c"]) {
      await detectorsOf(other).create.mutate({ ...latency, name });
    }
    const first = await detectorsOf(other).list.query({ limit: 2 });
    expect(first.items.map((one) => one.name)).toEqual(["page a", "page b"]);
    const second = await detectorsOf(other).list.query({ limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ name: "page c" }], nextCursor: null });
    expect((await detectorsOf(other).list.query({ metric: "another.metric" })).items).toEqual([]);
  });
});

describe("refusals", () => {
  async function fieldErrorsOf(call: Promise<unknown>) {
    const failure = await failureOf(call);
    expect(failure.data.code).toBe("BAD_REQUEST");
    return failure.data.fieldErrors ?? {};
  }

  it("names out-of-range parameters, a parameter the method does not take, a crowded filter and a bad bucket", async () => {
    const outOfRange = await fieldErrorsOf(
      detectorsOf(org).create.mutate({ ...latency, name: "bad", parameters: { window: 3, threshold: 0 } }),
    );
    expect(Object.keys(outOfRange)).toEqual(["parameters.window", "parameters.threshold"]);
    expect(outOfRange["parameters.window"]?.[0]).toContain("at least 8");

    const notTaken = await fieldErrorsOf(
      detectorsOf(org).create.mutate({ ...latency, name: "bad", parameters: { seasonLength: 24 } }),
    );
    expect(notTaken).toEqual({ "parameters.seasonLength": ["the mad method takes no seasonLength"] });

    const crowded = Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`key${index}`, "value"]));
    expect(Object.keys(await fieldErrorsOf(detectorsOf(org).create.mutate({ ...latency, where: crowded })))).toEqual([
      "where",
    ]);

    for (const bucket of ["2 days", "1 month", "0 seconds"]) {
      expect(Object.keys(await fieldErrorsOf(detectorsOf(org).create.mutate({ ...latency, bucket })))).toEqual([
        "bucket",
      ]);
    }
  });

  it("refuses a second detector of the same name", async () => {
    await detectorsOf(org).create.mutate({ ...latency, name: "taken" });
    const failure = await failureOf(detectorsOf(org).create.mutate({ ...latency, name: "taken" }));
    expect(failure.data.code).toBe("CONFLICT");
    expect(failure.message).toContain('"taken"');
  });

  it("lets members read detectors but only alert managers change them", async () => {
    const member = await kit.createUser("member");
    await kit.addMember(org.id, member, "member");
    const asMember = kit.as(member, org.id).telemetry.anomalies.detectors;
    expect((await asMember.list.query({})).items.length).toBeGreaterThan(0);
    expect(await codeOf(asMember.create.mutate({ ...latency, name: "by member" }))).toBe("FORBIDDEN");
  });

  it("keeps each organization's detectors to itself", async () => {
    const mine = await detectorsOf(org).create.mutate({ ...latency, name: "private" });
    expect((await detectorsOf(other).list.query({})).items.map((one) => one.id)).not.toContain(mine.id);
    expect(await codeOf(detectorsOf(other).update.mutate({ id: mine.id, enabled: false }))).toBe("NOT_FOUND");
    expect(await codeOf(detectorsOf(other).delete.mutate({ id: mine.id }))).toBe("NOT_FOUND");
    expect(await codeOf(detectorsOf(org).update.mutate({ id: randomUUID(), enabled: false }))).toBe("NOT_FOUND");
  });
});
