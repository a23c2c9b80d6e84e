import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { CorpusDocument } from "./corpus-document";

/** A Markdown page's title: its first ATX heading, else its path without the extension. */
export function markdownTitle(markdown: string, file: string): string {
  const heading = /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(markdown);
  return heading ? heading[1]!.trim() : file.replace(/\.md$/, "");
}

/** Fastify's documentation (npm `fastify`, docs/**\/*.md) as Markdown documents, by path. */
export async function loadFastifyDocs(): Promise<CorpusDocument[]> {
  const folder = path.join(path.dirname(createRequire(import.meta.url).resolve("fastify/package.json")), "docs");
  const files = (await readdir(folder, { recursive: true })).filter((file) => file.endsWith(".md")).sort();
  return Promise.all(
    files.map(async (file) => {
      const content = await readFile(path.join(folder, file), "utf8");
      return {
        source: `fastify-docs/${file}`,
        title: markdownTitle(content, file),
        contentType: "text/markdown" as const,
        content,
      };
    }),
  );
}
