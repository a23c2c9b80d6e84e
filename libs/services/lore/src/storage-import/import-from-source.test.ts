import { createHash } from "node:crypto";
import { failureOf, type TestPerson } from "@cauldron/testing";
import { StorageClient } from "@supabase/storage-js";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoreBesideStorage, type LoreBesideStorage } from "../testing/lore-beside-storage";

let kit: LoreBesideStorage;

const MAX_SOURCE_BYTES = 64_000;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const loreAs = (user: TestPerson) => kit.lore.client({ token: user.token, organizationId: kit.org.id });

async function filesOf(user: TestPerson) {
  const token = await kit.storageToken(user);
  return new StorageClient(`${kit.storage.url}/orgs/${kit.org.id}`, { Authorization: `Bearer ${token}` });
}

/** Uploads through storage's HTTP API as `user` and answers the new object's id. */
async function upload(
  user: TestPerson,
  bucket: string,
  objectPath: string,
  body: Uint8Array | string,
  contentType: string,
) {
  const { data, error } = await (await filesOf(user)).from(bucket).upload(objectPath, body, { contentType });
  if (error || !data) throw error ?? new Error("the upload answered nothing");
  return data.id;
}

async function pdfBytes(lines: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([600, 800]);
  lines.forEach((line, index) => page.drawText(line, { x: 50, y: 750 - index * 20, size: 12, font }));
  return pdf.save();
}

beforeAll(async () => {
  kit = await startLoreBesideStorage({ lore: { config: { LORE_MAX_SOURCE_BYTES: MAX_SOURCE_BYTES } }, workers: false });
  await kit.createBucket("library");
  await kit.createBucket("vault", { defaultAccess: "none" });
});

afterAll(async () => {
  await kit?.close();
});

describe("lore.documents.create from a storage object", () => {
  it("imports Markdown, plain text and a PDF as the caller, typed by MIME type and remembering the object", async () => {
    const markdown = "# Herbal\n\nSage calms the mind.\n\n## Mint\n\nMint wakes it.";
    const pdf = await pdfBytes(["The winter ledger", "Frost came early"]);
    const cases = [
      { objectPath: "herbs/herbal.md", body: markdown, type: "text/markdown", text: "Sage calms the mind" },
      { objectPath: "herbs/notes.txt", body: "Thyme keeps well when dried.", type: "text/plain", text: "Thyme keeps" },
      { objectPath: "ledgers/winter.pdf", body: pdf, type: "application/pdf", text: "winter ledger" },
    ];
    for (const { objectPath, body, type, text } of cases) {
      const objectId = await upload(kit.org.owner, "library", objectPath, body, type);
      const created = await loreAs(kit.member).lore.documents.create.mutate({
        title: `From ${objectPath}`,
        source: { bucket: "library", path: objectPath },
        metadata: { shelf: 3 },
      });
      const checksum = sha256(typeof body === "string" ? Buffer.from(body) : body);
      expect(created).toMatchObject({ contentType: type, status: "published", version: 1, createdBy: kit.member.id });
      expect(created.metadata).toEqual({
        shelf: 3,
        storage: { bucket: "library", path: objectPath, objectId, checksum },
      });
      expect(created.content).toContain(text);
      const row = await kit.database.ownerDb
        .selectFrom("lore.documents")
        .select(["source", "source_url"])
        .where("id", "=", created.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ source: "storage", source_url: `storage:${objectId}` });
    }
  });

  it("answers NOT_FOUND alike for a missing object and for one in a bucket the caller may not see", async () => {
    await upload(kit.org.owner, "vault", "secret.md", "# Hidden recipe", "text/markdown");
    const missing = await failureOf(
      loreAs(kit.member).lore.documents.create.mutate({
        title: "x",
        source: { bucket: "library", path: "nowhere.md" },
      }),
    );
    const hidden = await failureOf(
      loreAs(kit.member).lore.documents.create.mutate({ title: "x", source: { bucket: "vault", path: "secret.md" } }),
    );
    expect(missing.data.code).toBe("NOT_FOUND");
    expect(hidden.data.code).toBe("NOT_FOUND");
    expect(hidden.message.replace("vault", "library").replace("secret", "nowhere")).toBe(missing.message);
  });

  it("refuses an object over LORE_MAX_SOURCE_BYTES and one of a type that cannot become a document, on source", async () => {
    await upload(kit.org.owner, "library", "huge.txt", "a".repeat(MAX_SOURCE_BYTES + 1), "text/plain");
    await upload(kit.org.owner, "library", "data.json", '{"spell":"fire"}', "application/json");
    for (const objectPath of ["huge.txt", "data.json"]) {
      const failure = await failureOf(
        loreAs(kit.member).lore.documents.create.mutate({
          title: "x",
          source: { bucket: "library", path: objectPath },
        }),
      );
      expect(failure.data.code).toBe("BAD_REQUEST");
      expect(failure.data.fieldErrors).toHaveProperty("source");
    }
  });
});
