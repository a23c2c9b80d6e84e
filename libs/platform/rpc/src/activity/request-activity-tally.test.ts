import { MAX_ACTIVITY_PROCEDURES, OTHER_ACTIVITY_PROCEDURE, requestActivityEntrySchema } from "@cauldron/contracts";
import { describe, expect, it } from "vitest";
import { createRequestActivityTally, type ActivityCaller } from "./request-activity-tally";

const ALICE = "0f8e4c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b";
const BOB = "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d";
const ORGANIZATION = "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a";
const at = (iso: string) => Date.parse(iso);
const caller = (userId: string, organizationId: string | null, ipAddress: string | null = "203.0.113.7") =>
  ({ userId, organizationId, ipAddress, userAgent: "curl/8.5" }) satisfies ActivityCaller;

describe("the request activity tally", () => {
  it("counts requests per user, organization and minute, and calls per procedure", () => {
    const tally = createRequestActivityTally(100);
    tally.count(caller(ALICE, ORGANIZATION), ["telemetry.info"], at("2026-12-02T10:00:05Z"));
    tally.count(caller(ALICE, ORGANIZATION), ["telemetry.info", "telemetry.metrics.list"], at("2026-12-02T10:00:59Z"));
    tally.count(caller(ALICE, null), ["telemetry.info"], at("2026-12-02T10:00:30Z"));
    tally.count(caller(ALICE, ORGANIZATION), ["telemetry.info"], at("2026-12-02T10:01:00Z"));
    tally.count(caller(BOB, ORGANIZATION, "198.51.100.1"), ["/api/v2/write"], at("2026-12-02T10:00:10Z"));

    const { entries, dropped } = tally.take();
    expect(dropped).toBe(0);
    expect(entries).toHaveLength(4);
    expect(entries).toContainEqual({
      userId: ALICE,
      organizationId: ORGANIZATION,
      minute: "2026-12-02T10:00:00.000Z",
      requests: 2,
      procedures: { "telemetry.info": 2, "telemetry.metrics.list": 1 },
      ipAddress: "203.0.113.7",
      userAgent: "curl/8.5",
    });
    expect(entries).toContainEqual(expect.objectContaining({ userId: ALICE, organizationId: null, requests: 1 }));
    expect(entries).toContainEqual(
      expect.objectContaining({ userId: ALICE, minute: "2026-12-02T10:01:00.000Z", requests: 1 }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ userId: BOB, procedures: { "/api/v2/write": 1 }, ipAddress: "198.51.100.1" }),
    );
    for (const entry of entries) expect(requestActivityEntrySchema.safeParse(entry).success).toBe(true);
    expect(tally.take()).toEqual({ entries: [], dropped: 0 });
  });

  it("drops requests of new users once full, and reports how many", () => {
    const tally = createRequestActivityTally(1);
    const now = at("2026-12-02T10:00:00Z");
    tally.count(caller(ALICE, null), ["a"], now);
    tally.count(caller(BOB, null), ["a"], now);
    tally.count(caller(ALICE, null), ["a"], now);
    const { entries, dropped } = tally.take();
    expect(entries.map((entry) => [entry.userId, entry.requests])).toEqual([[ALICE, 2]]);
    expect(dropped).toBe(1);
  });

  it("counts calls past the procedure limit under `other`, keeping each entry within the contract", () => {
    const tally = createRequestActivityTally(10);
    const names = Array.from({ length: MAX_ACTIVITY_PROCEDURES + 20 }, (_, index) => `/route/${index}`);
    tally.count(caller(ALICE, null), names, at("2026-12-02T10:00:00Z"));
    const [entry] = tally.take().entries;
    expect(Object.keys(entry?.procedures ?? {})).toHaveLength(MAX_ACTIVITY_PROCEDURES);
    expect(entry?.procedures[OTHER_ACTIVITY_PROCEDURE]).toBe(21);
    expect(requestActivityEntrySchema.safeParse(entry).success).toBe(true);
  });

  it("keeps only addresses Postgres can store, dropping an IPv6 zone", () => {
    const tally = createRequestActivityTally(10);
    const now = at("2026-12-02T10:00:00Z");
    tally.count(caller(ALICE, null, "fe80::1%eth0"), ["a"], now);
    tally.count(caller(BOB, null, "not an address"), ["a"], now);
    const addresses = tally.take().entries.map((entry) => [entry.userId, entry.ipAddress]);
    expect(addresses).toEqual(
      expect.arrayContaining([
        [ALICE, "fe80::1"],
        [BOB, null],
      ]),
    );
  });
});
