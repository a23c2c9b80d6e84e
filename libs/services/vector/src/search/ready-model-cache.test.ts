import { afterEach, describe, expect, it, vi } from "vitest";
import type { ModelRow } from "../models/model-queries";
import { createReadyModelCache } from "./ready-model-cache";

afterEach(() => {
  vi.useRealTimers();
});

function modelRow(id: string, indexState: string): ModelRow {
  return {
    id,
    organization_id: null,
    name: `model ${id}`,
    provider: "precomputed",
    dimensions: 3,
    distance: "cosine",
    version: null,
    description: null,
    configuration: {},
    is_default: false,
    index_m: 16,
    index_ef_construction: 64,
    index_state: indexState,
    index_name: null,
    index_error: null,
    index_built_at: null,
    retired_at: null,
    created_at: new Date(0),
  };
}

describe("the ready model cache", () => {
  it("keeps models whose index is ready, and no others, for the organization that resolved them", () => {
    const cache = createReadyModelCache({ ttlMs: 60_000, capacity: 10 });
    const ready = modelRow("ready", "ready");
    cache.remember("org", ready);
    for (const state of ["pending", "building", "failed"]) cache.remember("org", modelRow(state, state));
    expect(cache.recall("org", "ready")).toBe(ready);
    expect(cache.recall("other org", "ready")).toBeUndefined();
    for (const state of ["pending", "building", "failed"]) expect(cache.recall("org", state)).toBeUndefined();
  });

  it("forgets a model once it is older than the time to live, and the oldest past its capacity", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const cache = createReadyModelCache({ ttlMs: 1_000, capacity: 2 });
    cache.remember("a", modelRow("m", "ready"));
    vi.setSystemTime(Date.now() + 999);
    expect(cache.recall("a", "m")).toBeDefined();
    vi.setSystemTime(Date.now() + 2);
    expect(cache.recall("a", "m")).toBeUndefined();
    cache.remember("a", modelRow("m", "ready"));
    cache.remember("b", modelRow("m", "ready"));
    cache.remember("c", modelRow("m", "ready"));
    expect(cache.recall("a", "m")).toBeUndefined();
    expect(cache.recall("b", "m")).toBeDefined();
    expect(cache.recall("c", "m")).toBeDefined();
  });
});
