import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { CorpusDocument } from "./corpus-document";
import { ensureDebianPackage } from "../debian-package";
import { readManualPage, type ManualPage } from "./manual-page";

const PACKAGE = "postgresql-doc-15";
const FOLDER = "/usr/share/doc/postgresql-doc-15/html";

/** Every page of the PostgreSQL 15 manual (Debian postgresql-doc-15, installed when missing), by file name. */
export async function loadManualPages(progress: (text: string) => void): Promise<ManualPage[]> {
  await ensureDebianPackage(PACKAGE, path.join(FOLDER, "index.html"), progress);
  const files = (await readdir(FOLDER)).filter((file) => file.endsWith(".html")).sort();
  return Promise.all(files.map(async (file) => readManualPage(file, await readFile(path.join(FOLDER, file), "utf8"))));
}

/** A manual page as a lore document: its HTML (navigation removed) under its title. */
export function manualDocument(page: ManualPage): CorpusDocument {
  return {
    source: `postgresql-manual/${page.file}`,
    title: page.title || page.file,
    contentType: "text/html",
    content: page.html,
  };
}
