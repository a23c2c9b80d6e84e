import { describe, expect, it } from "vitest";
import { markdownSections } from "./markdown-sections";

function sectionsOf(text: string): Array<[string, string[]]> {
  const sections = markdownSections(text);
  sections.slice(1).forEach((section, index) => expect(section.start).toBe(sections[index]!.end));
  if (text !== "") expect([sections[0]?.start, sections.at(-1)?.end]).toEqual([0, text.length]);
  return sections.map((section) => [text.slice(section.start, section.end), section.headingPath]);
}

describe("markdownSections", () => {
  it("tiles the text, from the text before the first heading to the end", () => {
    expect(sectionsOf("")).toEqual([]);
    expect(sectionsOf("no headings\nat all\n")).toEqual([["no headings\nat all\n", []]]);
    expect(sectionsOf("intro\n# One\nbody\n")).toEqual([
      ["intro\n", []],
      ["# One\nbody\n", ["One"]],
    ]);
  });

  it("nests ATX headings into paths and pops them at the same or a higher level", () => {
    const text = "# Guide\n## Install\n### Linux\n### macOS\n## Use\n# Appendix\n";
    expect(sectionsOf(text).map(([, path]) => path)).toEqual([
      ["Guide"],
      ["Guide", "Install"],
      ["Guide", "Install", "Linux"],
      ["Guide", "Install", "macOS"],
      ["Guide", "Use"],
      ["Appendix"],
    ]);
  });

  it("reads ATX titles without closing hashes and skips what is not a heading", () => {
    expect(sectionsOf("# Title ##\n").map(([, path]) => path)).toEqual([["Title"]]);
    expect(sectionsOf("   ## Indented\n").map(([, path]) => path)).toEqual([["Indented"]]);
    expect(sectionsOf("#hashtag\n####### seven\n    # code\n")).toHaveLength(1);
    expect(sectionsOf("#hashtag\n####### seven\n    # code\n")[0]?.[1]).toEqual([]);
  });

  it("skips skipped heading levels without inventing titles", () => {
    expect(sectionsOf("# A\n### C\n## B\n").map(([, path]) => path)).toEqual([["A"], ["A", "C"], ["A", "B"]]);
  });

  it("ignores heading-like lines inside fenced code blocks", () => {
    const text = "# Real\n```sh\n# comment\n## also a comment\n```\nafter\n~~~\n# tilde fence\n~~~\n## Next\n";
    expect(sectionsOf(text).map(([, path]) => path)).toEqual([["Real"], ["Real", "Next"]]);
  });

  it("closes a fence only with the same marker at least as long", () => {
    const text = "````\n```\n# inside\n````\n# Outside\n";
    expect(sectionsOf(text).map(([, path]) => path)).toEqual([[], ["Outside"]]);
  });

  it("treats an unclosed fence as code to the end", () => {
    expect(sectionsOf("# Top\n```\n# not a heading\n")).toHaveLength(1);
  });

  it("takes every line of the paragraph above a setext underline as the title", () => {
    expect(sectionsOf("A long\ntitle\n===\n").map(([, path]) => path)).toEqual([["A long title"]]);
  });

  it("reads setext headings, starting the section at the title line", () => {
    const text = "Guide\n=====\nintro\n\nInstall\n-------\nsteps\n";
    expect(sectionsOf(text)).toEqual([
      ["Guide\n=====\nintro\n\n", ["Guide"]],
      ["Install\n-------\nsteps\n", ["Guide", "Install"]],
    ]);
  });

  it("does not take thematic breaks, list items or table rows for setext headings", () => {
    expect(sectionsOf("text\n\n---\nmore\n")).toHaveLength(1);
    expect(sectionsOf("- item\n---\n")).toHaveLength(1);
    expect(sectionsOf("| a | b |\n|---|---|\n")).toHaveLength(1);
  });

  it("skips YAML front matter", () => {
    const text = "---\ntitle: Doc\n# a yaml comment\n---\n# Heading\n";
    expect(sectionsOf(text).map(([, path]) => path)).toEqual([[], ["Heading"]]);
  });

  it("handles CRLF line endings", () => {
    expect(sectionsOf("# One\r\ntext\r\n\r\nTwo\r\n---\r\n").map(([, path]) => path)).toEqual([
      ["One"],
      ["One", "Two"],
    ]);
  });
});
