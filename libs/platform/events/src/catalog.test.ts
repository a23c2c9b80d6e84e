import { describe, expect, it } from "vitest";
import { z } from "zod";
import { composeEventCatalogs, eventCatalog, eventCatalogsByPublisher, EVENT_NAMES } from "./catalog";
import { eventNameProblem, subscriptionNameProblem } from "./event-naming";

describe("event catalog", () => {
  it("names every event <aggregate>.<past-tense verb>", () => {
    const problems = EVENT_NAMES.map(eventNameProblem).filter((problem) => problem !== null);
    expect(problems).toEqual([]);
  });

  it("holds every publisher's events, each under exactly one publisher", () => {
    const declared = Object.values(eventCatalogsByPublisher).flatMap((events) => Object.keys(events));
    expect(new Set(declared).size).toBe(declared.length);
    expect([...declared].sort()).toEqual([...EVENT_NAMES].sort());
    expect(eventCatalog["member.added"]).toBe(eventCatalogsByPublisher.org["member.added"]);
  });

  it("refuses an event that two publishers declare", () => {
    const payload = z.object({ documentId: z.guid() });
    expect(() =>
      composeEventCatalogs({ lore: { "document.created": payload }, storage: { "document.created": payload } }),
    ).toThrow(/declared by both lore and storage/);
  });

  it("refuses an event named otherwise than <aggregate>.<past-tense verb>", () => {
    expect(() => composeEventCatalogs({ vector: { "embedding.upsert": z.object({}) } })).toThrow(/past tense/);
    for (const bad of ["heartbeat", "Document.created", "document.create", "document.", "chunks-changed.done"]) {
      expect(eventNameProblem(bad), bad).not.toBeNull();
    }
    for (const good of [
      "chunks.changed",
      "embedding.upserted",
      "object.created",
      "user.signed_up",
      "team.member.added",
      "email.sent",
    ]) {
      expect(eventNameProblem(good), good).toBeNull();
    }
  });

  it("names subscriptions <service>.on<Thing>", () => {
    expect(subscriptionNameProblem("org.onChange")).toBeNull();
    expect(subscriptionNameProblem("lore.documents.onChange")).toBeNull();
    for (const bad of ["org.changes", "org.on", "org.onchange", "onChange"])
      expect(subscriptionNameProblem(bad), bad).not.toBeNull();
  });
});
