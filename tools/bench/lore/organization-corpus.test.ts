import { describe, expect, it } from "vitest";
import type { CorpusDocument } from "./corpus-document";
import { markdownTitle } from "./fastify-docs";
import { composeOrganizationCorpus, interleaveByShare } from "./organization-corpus";
import type { SotuAddress } from "./sotu-addresses";

const page = (source: string): CorpusDocument => ({
  source,
  title: source,
  contentType: "text/html",
  content: "<p>x</p>",
});

function address(year: number, sentences: number): SotuAddress {
  const list = Array.from(
    { length: sentences },
    (_, index) => `Sentence ${index} of the year ${year} goes on a while.`,
  );
  return { year, name: "A President", party: "none", text: list.join(" "), sentences: list };
}

describe("interleaveByShare", () => {
  it("keeps each list in proportion in every prefix, in its own order", () => {
    const merged = interleaveByShare([
      ["a1", "a2"],
      ["b1", "b2", "b3", "b4", "b5", "b6"],
    ]);
    expect(merged).toEqual(["b1", "a1", "b2", "b3", "b4", "a2", "b5", "b6"]);
  });
});

describe("composeOrganizationCorpus", () => {
  const sources = {
    manual: [page("postgresql-manual/a.html"), page("postgresql-manual/b.html")],
    fastify: [page("fastify-docs/Guide.md")],
    addresses: [address(1790, 30), address(1791, 10), address(2021, 40)],
  };

  it("splits the addresses so that the documents reach the total, the newest held back", () => {
    const corpus = composeOrganizationCorpus(sources, 11);
    expect(corpus.documents).toHaveLength(11);
    const sotu = corpus.documents.filter((document) => document.source.startsWith("sotu/"));
    expect(sotu).toHaveLength(8);
    expect(sotu.filter((document) => document.source.startsWith("sotu/1790"))).toHaveLength(6);
    expect(corpus.documents.some((document) => document.content.includes("2021"))).toBe(false);
    expect(corpus.description).toContain("8 State of the Union documents");
  });

  it("keeps every sentence of a split address exactly once, in order", () => {
    const corpus = composeOrganizationCorpus(sources, 11);
    const parts = corpus.documents.filter((document) => document.source.startsWith("sotu/1790"));
    const sorted = parts.sort((a, b) => Number(a.source.split("#")[1]) - Number(b.source.split("#")[1]));
    expect(sorted.map((document) => document.content).join(" ")).toBe(sources.addresses[0]!.text);
    expect(sorted[0]!.title).toBe("State of the Union 1790, A President (part 1 of 6)");
  });

  it("offers passages of the held-back address as edit text", () => {
    const corpus = composeOrganizationCorpus(sources, 11);
    expect(corpus.editPassages.length).toBeGreaterThan(0);
    for (const passage of corpus.editPassages) {
      expect(passage).toContain("2021");
      expect(passage.length).toBeLessThanOrEqual(600);
    }
  });

  it("cuts a smaller organization from the same interleaving", () => {
    const corpus = composeOrganizationCorpus(sources, 4);
    expect(corpus.documents).toHaveLength(4);
  });
});

describe("markdownTitle", () => {
  it("takes the first ATX heading, else the path", () => {
    expect(markdownTitle('<h1 align="center">Fastify</h1>\n\n## Routes\n\ntext', "Reference/Routes.md")).toBe("Routes");
    expect(markdownTitle("no heading here", "Guides/Index.md")).toBe("Guides/Index");
  });
});
