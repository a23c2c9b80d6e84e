import { describe, expect, it } from "vitest";
import { paragraphCount, replaceMiddleParagraph } from "./paragraph-edit";

const PAGE = '<div><p>First.</p><p class="para">Second &amp; more.</p><pre>code</pre><p>Third.</p></div>';

describe("replaceMiddleParagraph", () => {
  it("replaces only the middle paragraph's text, keeping its tag and everything around it", () => {
    expect(replaceMiddleParagraph(PAGE, "We <will> rise & rebuild.")).toBe(
      '<div><p>First.</p><p class="para">We &lt;will&gt; rise &amp; rebuild.</p><pre>code</pre><p>Third.</p></div>',
    );
  });

  it("refuses a page without paragraphs", () => {
    expect(() => replaceMiddleParagraph("<div>none</div>", "text")).toThrow(/no <p> paragraph/);
  });
});

describe("paragraphCount", () => {
  it("counts <p> elements with or without attributes, not <pre>", () => {
    expect(paragraphCount(PAGE)).toBe(3);
  });
});
