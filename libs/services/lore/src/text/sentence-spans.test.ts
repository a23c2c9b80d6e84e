import { describe, expect, it } from "vitest";
import { sentenceSpans } from "./sentence-spans";

function sentencesOf(text: string): string[] {
  const spans = sentenceSpans(text, { start: 0, end: text.length });
  expect(spans.map((span) => text.slice(span.start, span.end)).join("")).toBe(text);
  return spans.map((span) => text.slice(span.start, span.end));
}

describe("sentenceSpans", () => {
  it("splits at sentence ends, the blank before a sentence going with it", () => {
    expect(sentencesOf("One. Two! Three?")).toEqual(["One.", " Two!", " Three?"]);
  });

  it("keeps line breaks with the sentence they end", () => {
    expect(sentencesOf("First line.\nSecond line.")).toEqual(["First line.\n", "Second line."]);
  });

  it("reads sentences across the segmenter's windows", () => {
    const text = Array.from({ length: 400 }, (_, index) => `Sentence ${index} is here.`).join(" ");
    const sentences = sentencesOf(text);
    expect(sentences).toHaveLength(400);
    sentences.forEach((sentence, index) => expect(sentence.trim()).toBe(`Sentence ${index} is here.`));
  });

  it("cuts a sentence longer than a window between words", () => {
    const text = "word ".repeat(1_000);
    for (const sentence of sentencesOf(text).slice(0, -1)) expect(sentence.endsWith("word")).toBe(true);
  });

  it("splits only inside the span it is given", () => {
    const text = "Before. Inside one. Inside two. After.";
    const start = text.indexOf("Inside");
    const end = text.indexOf(" After");
    const spans = sentenceSpans(text, { start, end });
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual(["Inside one.", " Inside two."]);
  });
});
