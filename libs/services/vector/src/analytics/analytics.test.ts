import { codeOf, failureOf } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startVectorTestKit, type VectorTestKit, type VectorTestOrganization } from "../testing";

let kit: VectorTestKit;

const DAY = 24 * 60 * 60 * 1000;
const START = new Date("2026-03-01T00:00:00Z");

function at(days: number): Date {
  return new Date(START.getTime() + days * DAY);
}

interface LoggedRow {
  text: string | null;
  day: number;
  results?: number;
  latencyMs?: number;
}

async function logSearches(organization: VectorTestOrganization, rows: LoggedRow[]): Promise<void> {
  await kit.database.ownerDb
    .insertInto("vector.search_queries")
    .values(
      rows.map((row) => ({
        organization_id: organization.id,
        user_id: organization.owner.id,
        query_text: row.text,
        top_k: 10,
        mode: "vector",
        result_count: row.results ?? 3,
        latency_ms: row.latencyMs ?? 5,
        created_at: at(row.day),
      })),
    )
    .execute();
}

beforeAll(async () => {
  kit = await startVectorTestKit({}, { workers: false });
});

afterAll(async () => {
  await kit?.close();
});

describe("vector.analytics.topQueries", () => {
  it("ranks the organization's search texts by how often they were searched, latest first among equals", async () => {
    const acme = await kit.createOrganization("acme");
    const rival = await kit.createOrganization("rival");
    await logSearches(acme, [
      { text: "tea", day: 1 },
      { text: "tea", day: 2 },
      { text: "tea", day: 5 },
      { text: "coffee", day: 3 },
      { text: "coffee", day: 4 },
      { text: "juice", day: 6 },
      { text: "water", day: 2 },
      { text: null, day: 3 },
    ]);
    await logSearches(
      rival,
      Array.from({ length: 5 }, (_, day) => ({ text: "rival secret", day })),
    );

    const all = await kit.ownerOf(acme).vector.analytics.topQueries.query({});
    expect(all.items).toEqual([
      { queryText: "tea", count: 3, lastSearchedAt: at(5) },
      { queryText: "coffee", count: 2, lastSearchedAt: at(4) },
      { queryText: "juice", count: 1, lastSearchedAt: at(6) },
      { queryText: "water", count: 1, lastSearchedAt: at(2) },
    ]);

    const window = await kit.ownerOf(acme).vector.analytics.topQueries.query({ from: at(2), to: at(4), limit: 2 });
    expect(window.items).toEqual([
      { queryText: "coffee", count: 2, lastSearchedAt: at(4) },
      { queryText: "tea", count: 1, lastSearchedAt: at(2) },
    ]);
  });

  it("counts searches made through vector.search", async () => {
    const organization = await kit.createOrganization("live");
    await kit.ownerOf(organization).vector.search.query({ text: "where is the manual" });
    await kit.ownerOf(organization).vector.search.query({ text: "where is the manual" });
    await vi.waitFor(
      async () => {
        const top = await kit.ownerOf(organization).vector.analytics.topQueries.query({});
        expect(top.items).toEqual([expect.objectContaining({ queryText: "where is the manual", count: 2 })]);
      },
      { timeout: 10_000, interval: 20 },
    );
    const nothing = await kit.ownerOf(organization).vector.analytics.zeroResultQueries.query({});
    expect(nothing.items.map((item) => item.queryText)).toEqual(["where is the manual"]);
  });

  it("refuses a window that ends before it starts, and lets a viewer read", async () => {
    const organization = await kit.createOrganization("window");
    const failure = await failureOf(
      kit.ownerOf(organization).vector.analytics.topQueries.query({ from: at(3), to: at(1) }),
    );
    expect(failure.data.code).toBe("BAD_REQUEST");
    expect(failure.data.fieldErrors?.from).toBeDefined();
    const viewer = await kit.createUser("viewer");
    await kit.addMember(organization.id, viewer, "viewer");
    expect((await kit.as(viewer, organization.id).vector.analytics.topQueries.query({})).items).toEqual([]);
    const stranger = await kit.createUser("stranger");
    expect(await codeOf(kit.as(stranger, organization.id).vector.analytics.latency.query({}))).toBe("FORBIDDEN");
  });
});

describe("vector.analytics.zeroResultQueries", () => {
  it("lists only the texts whose searches found nothing", async () => {
    const organization = await kit.createOrganization("zero");
    await logSearches(organization, [
      { text: "lost keys", day: 1, results: 0 },
      { text: "lost keys", day: 2, results: 0 },
      { text: "lost keys", day: 3, results: 4 },
      { text: "unicorn", day: 4, results: 0 },
      { text: "tea", day: 5, results: 2 },
    ]);
    const zero = await kit.ownerOf(organization).vector.analytics.zeroResultQueries.query({});
    expect(zero.items).toEqual([
      { queryText: "lost keys", count: 2, lastSearchedAt: at(2) },
      { queryText: "unicorn", count: 1, lastSearchedAt: at(4) },
    ]);
    const later = await kit.ownerOf(organization).vector.analytics.zeroResultQueries.query({ from: at(3) });
    expect(later.items.map((item) => item.queryText)).toEqual(["unicorn"]);
  });
});

describe("vector.analytics.latency", () => {
  it("reports the 50th, 95th and 99th percentiles of the window's searches", async () => {
    const organization = await kit.createOrganization("latency");
    await logSearches(
      organization,
      Array.from({ length: 100 }, (_, i) => ({ text: `query ${i}`, day: 1, latencyMs: i + 1 })),
    );
    await logSearches(organization, [{ text: "slow and old", day: -10, latencyMs: 10_000 }]);
    const latency = await kit.ownerOf(organization).vector.analytics.latency.query({ from: at(0) });
    expect(latency.searches).toBe(100);
    expect(latency.p50Ms).toBeCloseTo(50.5, 9);
    expect(latency.p95Ms).toBeCloseTo(95.05, 9);
    expect(latency.p99Ms).toBeCloseTo(99.01, 9);
  });

  it("answers no percentiles for a window without searches", async () => {
    const organization = await kit.createOrganization("quiet");
    expect(await kit.ownerOf(organization).vector.analytics.latency.query({})).toEqual({
      searches: 0,
      p50Ms: null,
      p95Ms: null,
      p99Ms: null,
    });
  });
});
