import { codeOf, failureOf, type TestOrganization, type TestPerson } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStorageTestKit, type StorageTestKit } from "../testing";
import { seedObject } from "../testing/seed-objects";

const INVOICE_ENTITY = { type: "invoice", id: "6f1c2a52-6d35-4a41-9f0e-2b7c1d3e4f50" };

let kit: StorageTestKit;
let org: TestOrganization;
let member: TestPerson;
let viewer: TestPerson;

beforeAll(async () => {
  kit = await startStorageTestKit({ workers: false });
  org = await kit.createOrganization("ledger");
  member = await kit.createUser("member");
  viewer = await kit.createUser("viewer");
  await kit.addMember(org.id, member, "member");
  await kit.addMember(org.id, viewer, "viewer");
  const owner = kit.ownerOf(org).storage.buckets;
  await owner.create.mutate({ name: "papers" });
  await owner.create.mutate({ name: "receipts" });
  await owner.create.mutate({ name: "private", defaultAccess: "none" });
  const seed = (bucket: string, path: string, person = member) =>
    seedObject(kit, person, org.id, { bucket, path, body: path });
  await seed("papers", "2026/annual-report.pdf");
  await seed("papers", "2026/minutes.txt");
  await seed("receipts", "2026/taxi.png");
  await seed("receipts", "2026/hotel.png");
  await seed("private", "2026/salaries.txt", org.owner);
  const describe = kit.ownerOf(org).storage.metadata.update;
  await describe.mutate({
    bucket: "papers",
    path: "2026/annual-report.pdf",
    title: "Annual report",
    tags: ["finance", "yearly"],
  });
  await describe.mutate({
    bucket: "papers",
    path: "2026/minutes.txt",
    description: "Board meeting minutes",
    tags: ["board"],
  });
  await describe.mutate({
    bucket: "receipts",
    path: "2026/taxi.png",
    tags: ["finance", "travel"],
    entity: INVOICE_ENTITY,
  });
  await describe.mutate({ bucket: "receipts", path: "2026/hotel.png", title: "Hotel", tags: ["finance", "travel"] });
  await describe.mutate({ bucket: "private", path: "2026/salaries.txt", title: "Salaries report", tags: ["finance"] });
});

afterAll(async () => {
  await kit?.close();
});

const metadata = (person: TestPerson = member) => kit.as(person, org.id).storage.metadata;
const pathsOf = (page: { items: { path: string }[] }) => page.items.map((item) => item.path).sort();

describe("storage.metadata.get and update", () => {
  it("describes an object never described as empty", async () => {
    await seedObject(kit, member, org.id, { bucket: "papers", path: "blank.txt", body: "blank" });
    const described = await metadata(viewer).get.query({ bucket: "papers", path: "blank.txt" });
    expect(described).toMatchObject({
      path: "blank.txt",
      details: { title: null, description: null, tags: [], entity: null, updatedAt: null },
    });
  });

  it("creates the description on first update and changes only the fields given after", async () => {
    await seedObject(kit, member, org.id, { bucket: "papers", path: "memo.txt", body: "memo" });
    const target = { bucket: "papers", path: "memo.txt" };
    const first = await metadata().update.mutate({
      ...target,
      title: "Memo",
      tags: ["ops", "ops", "draft"],
      entity: INVOICE_ENTITY,
    });
    expect(first.details).toMatchObject({
      title: "Memo",
      description: null,
      tags: ["ops", "draft"],
      entity: INVOICE_ENTITY,
    });
    const second = await metadata().update.mutate({ ...target, description: "Weekly memo", entity: null });
    expect(second.details).toMatchObject({
      title: "Memo",
      description: "Weekly memo",
      tags: ["ops", "draft"],
      entity: null,
    });
    expect((await metadata(viewer).get.query(target)).details).toEqual(second.details);
  });

  it("is refused to readers, for missing objects, and for malformed fields", async () => {
    const target = { bucket: "papers", path: "2026/minutes.txt" };
    expect(await codeOf(metadata(viewer).update.mutate({ ...target, title: "Mine" }))).toBe("FORBIDDEN");
    expect(await codeOf(metadata().update.mutate({ bucket: "papers", path: "none.txt", title: "x" }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(metadata().get.query({ bucket: "papers", path: "none.txt" }))).toBe("NOT_FOUND");
    const malformed = await failureOf(
      metadata().update.mutate({ ...target, tags: ["x".repeat(65)], entity: { type: "", id: "1" } }),
    );
    expect(malformed.data.code).toBe("BAD_REQUEST");
    expect(Object.keys(malformed.data.fieldErrors ?? {}).sort()).toEqual(["entity.id", "entity.type", "tags.0"]);
  });
});

describe("storage.metadata.search", () => {
  it("finds files by every word in their title, description or path", async () => {
    expect(pathsOf(await metadata().search.query({ query: "report" }))).toEqual(["2026/annual-report.pdf"]);
    expect(pathsOf(await metadata().search.query({ query: "BOARD minutes" }))).toEqual(["2026/minutes.txt"]);
    expect(pathsOf(await metadata().search.query({ query: "hotel 2026" }))).toEqual(["2026/hotel.png"]);
    expect((await metadata().search.query({ query: "board hotel" })).items).toEqual([]);
  });

  it("finds files carrying all the tags given, linked to a record, or in one bucket", async () => {
    expect(pathsOf(await metadata().search.query({ tags: ["finance"] }))).toEqual([
      "2026/annual-report.pdf",
      "2026/hotel.png",
      "2026/taxi.png",
    ]);
    expect(pathsOf(await metadata().search.query({ tags: ["finance", "travel"], bucket: "receipts" }))).toEqual([
      "2026/hotel.png",
      "2026/taxi.png",
    ]);
    const linked = await metadata().search.query({ entity: INVOICE_ENTITY });
    expect(linked.items).toMatchObject([
      { bucket: "receipts", path: "2026/taxi.png", details: { entity: INVOICE_ENTITY } },
    ]);
  });

  it("pages newest first and never shows files the caller may not see", async () => {
    const first = await metadata().search.query({ tags: ["finance"], limit: 2 });
    expect(first.items.map((item) => item.path)).toEqual(["2026/hotel.png", "2026/taxi.png"]);
    const second = await metadata().search.query({ tags: ["finance"], limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ path: "2026/annual-report.pdf" }], nextCursor: null });
    expect(pathsOf(await metadata(org.owner).search.query({ query: "salaries" }))).toEqual(["2026/salaries.txt"]);
    expect(await codeOf(metadata().search.query({ cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
  });
});
