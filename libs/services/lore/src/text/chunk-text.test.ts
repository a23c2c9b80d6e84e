import { describe, expect, it } from "vitest";
import { chunkText, defaultChunkingStrategy, type ChunkingOptions, type TextChunk } from "./chunk-text";
import { handbookText, randomText, seededRandom } from "./text-test-fixtures";
import { countTokens } from "./tokens";

const STRATEGIES = ["tokens", "markdown", "sentences"] as const;

/** The rules every chunking must keep, whatever the strategy. */
function expectValidChunks(text: string, chunks: TextChunk[], options: ChunkingOptions, checkEveryCount = true): void {
  if (text === "") {
    expect(chunks).toEqual([]);
    return;
  }
  expect(chunks[0]?.start).toBe(0);
  expect(chunks.at(-1)?.end).toBe(text.length);
  let coveredTo = 0;
  chunks.forEach((chunk, index) => {
    expect(chunk.index).toBe(index);
    expect(chunk.end).toBeGreaterThan(chunk.start);
    expect(chunk.content).toBe(text.slice(chunk.start, chunk.end));
    expect(chunk.start).toBeLessThanOrEqual(coveredTo);
    expect(chunk.end).toBeGreaterThan(coveredTo);
    if (options.strategy !== "tokens") expect(chunk.start).toBe(coveredTo);
    expect(splitsSurrogatePair(text, chunk.start) || splitsSurrogatePair(text, chunk.end)).toBe(false);
    expect(chunk.tokenCount).toBeLessThanOrEqual(options.maxTokens);
    if (checkEveryCount || index % 25 === 0) expect(chunk.tokenCount).toBe(countTokens(chunk.content));
    coveredTo = chunk.end;
  });
}

function splitsSurrogatePair(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  return code >= 0xdc00 && code <= 0xdfff && /[\ud800-\udbff]/.test(text[offset - 1] ?? "");
}

describe("chunkText", () => {
  it("returns no chunks for an empty text", () => {
    for (const strategy of STRATEGIES) expect(chunkText("", { strategy, maxTokens: 50, overlapTokens: 5 })).toEqual([]);
  });

  it("covers whitespace-only texts", () => {
    for (const strategy of STRATEGIES) {
      for (const text of [" ", "\n\n\n", " \t \r\n ", "\u00a0".repeat(500)]) {
        const options = { strategy, maxTokens: 16, overlapTokens: 4 };
        expectValidChunks(text, chunkText(text, options), options);
      }
    }
  });

  it("keeps its rules on random texts with emoji, CJK, combining marks and CRLF line ends", () => {
    const random = seededRandom(42);
    for (let sample = 0; sample < 30; sample++) {
      const text = randomText(random, 200 + Math.floor(random() * 4_000));
      for (const strategy of STRATEGIES) {
        const maxTokens = 16 + Math.floor(random() * 200);
        const options = { strategy, maxTokens, overlapTokens: Math.floor((random() * maxTokens) / 2) };
        expectValidChunks(text, chunkText(text, options), options);
      }
    }
  });

  it("keeps its rules on a megabyte of Markdown", () => {
    const text = handbookText(1_000_000);
    for (const strategy of STRATEGIES) {
      const options = { strategy, maxTokens: 400, overlapTokens: 50 };
      const chunks = chunkText(text, options);
      expect(chunks.length).toBeGreaterThan(500);
      expectValidChunks(text, chunks, options, false);
    }
  });

  it("cuts a megabyte without any break into windows", () => {
    const text = "x".repeat(1_000_000);
    const options = { strategy: "sentences" as const, maxTokens: 400, overlapTokens: 0 };
    expectValidChunks(text, chunkText(text, options), options, false);
  });

  it("keeps every chunk within a tiny budget even for characters worth several tokens", () => {
    const text = "🎉👩‍👩‍👧日本語".repeat(40);
    for (const strategy of STRATEGIES) {
      const options = { strategy, maxTokens: 4, overlapTokens: 1 };
      expectValidChunks(text, chunkText(text, options), options);
    }
  });
});

describe("token windows", () => {
  it("makes windows of maxTokens sharing overlapTokens with the previous window", () => {
    const text = handbookText(20_000);
    const chunks = chunkText(text, { strategy: "tokens", maxTokens: 100, overlapTokens: 20 });
    for (const chunk of chunks.slice(0, -1)) expect(chunk.tokenCount).toBeGreaterThan(80);
    for (let index = 1; index < chunks.length; index++) {
      const shared = text.slice(chunks[index]!.start, chunks[index - 1]!.end);
      expect(countTokens(shared)).toBeGreaterThanOrEqual(18);
      expect(countTokens(shared)).toBeLessThanOrEqual(40);
    }
  });

  it("partitions the text when the overlap is zero, and clamps an overlap as large as the window", () => {
    const text = handbookText(5_000);
    const contiguous = chunkText(text, { strategy: "tokens", maxTokens: 64, overlapTokens: 0 });
    contiguous.slice(1).forEach((chunk, index) => expect(chunk.start).toBe(contiguous[index]!.end));
    const clamped = { strategy: "tokens" as const, maxTokens: 64, overlapTokens: 500 };
    expectValidChunks(text, chunkText(text, clamped), clamped);
  });

  it("cuts between words where it can", () => {
    const text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu ".repeat(50);
    const chunks = chunkText(text, { strategy: "tokens", maxTokens: 30, overlapTokens: 5 });
    for (const chunk of chunks.slice(1)) expect(text[chunk.start]).toBe(" ");
  });
});

describe("markdown chunks", () => {
  const guide = [
    "Preface text.\n\n",
    "# Guide\n\nWelcome.\n\n",
    "## Install\n\nSteps follow.\n\n",
    "### Linux\n\n```sh\n# this is a comment, not a heading\napt install app\n```\n\n",
    "### macOS\n\nUse brew.\n\n",
    "## Use\n\nRun it.\n",
  ].join("");

  it("gives each chunk the titles of the headings it sits under", () => {
    const chunks = chunkText(guide, { strategy: "markdown", maxTokens: 200, overlapTokens: 0 });
    expect(chunks.map((chunk) => chunk.headingPath)).toEqual([
      [],
      ["Guide"],
      ["Guide", "Install"],
      ["Guide", "Install", "Linux"],
      ["Guide", "Install", "macOS"],
      ["Guide", "Use"],
    ]);
    expect(chunks[3]?.content).toContain("# this is a comment, not a heading");
  });

  it("splits a big section at paragraphs, keeping its heading path", () => {
    const paragraph = "Every paragraph here says the same thing in eleven words or so. ".repeat(4);
    const text = `# Big\n\n${Array.from({ length: 20 }, () => paragraph).join("\n\n")}\n`;
    const options = { strategy: "markdown" as const, maxTokens: 120, overlapTokens: 0 };
    const chunks = chunkText(text, options);
    expectValidChunks(text, chunks, options);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.headingPath).toEqual(["Big"]);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.content.endsWith("\n\n")).toBe(true);
  });

  it("splits a paragraph too big on its own at sentences", () => {
    const text = `## Long\n\n${"This sentence is one of many in a single paragraph. ".repeat(60)}`;
    const chunks = chunkText(text, { strategy: "markdown", maxTokens: 50, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks.slice(1, -1)) expect(chunk.content.trimEnd().endsWith(".")).toBe(true);
  });

  it("never merges small sections under different headings", () => {
    const text = "# A\n\none\n\n# B\n\ntwo\n\n## C\n\nthree\n";
    const chunks = chunkText(text, { strategy: "markdown", maxTokens: 500, overlapTokens: 0 });
    expect(chunks.map((chunk) => chunk.content)).toEqual(["# A\n\none\n\n", "# B\n\ntwo\n\n", "## C\n\nthree\n"]);
  });
});

describe("sentence chunks", () => {
  it("packs whole sentences up to maxTokens", () => {
    const text = Array.from({ length: 80 }, (_, index) => `Sentence number ${index} ends here.`).join(" ");
    const chunks = chunkText(text, { strategy: "sentences", maxTokens: 40, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks)
      expect(chunk.content).toMatch(/^ ?Sentence number \d+ ends here\.(?: Sentence number \d+ ends here\.)*$/);
  });

  it("falls back to token windows for a sentence over maxTokens", () => {
    const text = `Short one. ${"word ".repeat(300)}end. Short two.`;
    const options = { strategy: "sentences" as const, maxTokens: 50, overlapTokens: 0 };
    const chunks = chunkText(text, options);
    expectValidChunks(text, chunks, options);
    expect(chunks.length).toBeGreaterThanOrEqual(6);
  });
});

describe("defaultChunkingStrategy", () => {
  it("chunks structured formats by headings and plain text by sentences", () => {
    expect(defaultChunkingStrategy("text/markdown")).toBe("markdown");
    expect(defaultChunkingStrategy("text/html")).toBe("markdown");
    expect(defaultChunkingStrategy("application/pdf")).toBe("markdown");
    expect(defaultChunkingStrategy("text/plain")).toBe("sentences");
  });
});
