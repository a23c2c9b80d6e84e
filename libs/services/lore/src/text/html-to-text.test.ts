import { describe, expect, it } from "vitest";
import { htmlToText } from "./html-to-text";

describe("htmlToText", () => {
  it("never lets script, style or embedded content through", () => {
    const html = [
      "<p>before</p>",
      "<script>alert(1)</script>",
      "<SCRIPT type='module'>alert(1)</SCRIPT>",
      "<script/>alert(1)</script>",
      "<style>body { color: red }</style>",
      "<noscript>alert(1)</noscript>",
      "<template><p>alert(1)</p></template>",
      "<iframe src='x'>alert(1)</iframe>",
      "<svg><title>alert(1)</title><text>alert(1)</text></svg>",
      "<p>after</p>",
      "<script>alert(1)",
    ].join("");
    const text = htmlToText(html);
    expect(text).not.toContain("alert(1)");
    expect(text).not.toContain("color");
    expect(text).toBe("before\n\nafter");
  });

  it("decodes named and numeric entities", () => {
    expect(htmlToText("<p>Fish &amp; chips &lt;b&gt; &eacute;t&eacute; &#x1F600; &#169; caf&#233;</p>")).toBe(
      "Fish & chips <b> été 😀 © café",
    );
  });

  it("ends lines at block elements and collapses whitespace in flowing text", () => {
    const html = "<div>one\n   two</div><div>three<br>four</div><p>five   <b>six</b>\t seven</p>";
    expect(htmlToText(html)).toBe("one two\nthree\nfour\n\nfive six seven");
  });

  it("turns no-break spaces into spaces", () => {
    expect(htmlToText("<p>a&nbsp;&nbsp;b</p>")).toBe("a b");
  });

  it("writes headings as Markdown ATX lines", () => {
    const html = "<h1>Guide</h1><p>intro</p><h2>Install <small>now</small></h2><h3>\n Linux\n</h3><p>steps</p>";
    expect(htmlToText(html)).toBe("# Guide\n\nintro\n\n## Install now\n\n### Linux\n\nsteps");
  });

  it("keeps preformatted text verbatim in a fence that its own backticks cannot close", () => {
    const html = "<p>code:</p><pre><code># not a heading\n  indented   line\n```inner```\n</code></pre><p>after</p>";
    expect(htmlToText(html)).toBe("code:\n\n````\n# not a heading\n  indented   line\n```inner```\n````\n\nafter");
  });

  it("lays out lists and tables", () => {
    expect(htmlToText("<ul><li>one</li><li></li><li>two <b>bold</b></li></ul>")).toBe("- one\n- two bold");
    expect(htmlToText("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>")).toBe(
      "A | B\n1 | 2",
    );
  });

  it("uses the title as the top heading only when the page has no h1", () => {
    expect(htmlToText("<html><head><title>Page &amp; Co</title></head><body><p>text</p></body></html>")).toBe(
      "# Page & Co\n\ntext",
    );
    expect(htmlToText("<title>Page</title><h1>Real heading</h1><p>text</p>")).toBe("# Real heading\n\ntext");
    expect(htmlToText("<title>Only a title</title>")).toBe("# Only a title");
  });

  it("survives unclosed and stray tags", () => {
    expect(htmlToText("<div><p>open <b>bold <i>both")).toBe("open bold both");
    expect(htmlToText("</div></p>text</span><p>more")).toBe("text\n\nmore");
    expect(htmlToText("<h2>never closed<p>body")).toBe("## never closed body");
    expect(htmlToText("<pre>never closed\n  code")).toBe("```\nnever closed\n  code\n```");
  });

  it("lays out a heading that swallowed the page as a paragraph", () => {
    const text = htmlToText(`<h1>${"word ".repeat(200)}`);
    expect(text.startsWith("#")).toBe(false);
    expect(text).toContain("word word");
  });

  it("reads hostile documents in one pass: deep nesting, huge attributes, many stray tags", () => {
    const depth = 100_000;
    expect(htmlToText(`${"<div>".repeat(depth)}deep${"</div>".repeat(depth)}`)).toBe("deep");
    expect(htmlToText(`${"<b><i>".repeat(depth)}x`)).toBe("x");
    expect(htmlToText(`<p title="${"a".repeat(5_000_000)}">hi</p>`)).toBe("hi");
    expect(htmlToText(`${"<div>".repeat(10_000)}${"</span>".repeat(depth)}end`)).toBe("end");
  });

  it("gives an empty text for markup without text", () => {
    expect(htmlToText("")).toBe("");
    expect(htmlToText("<div><img src='x'><br></div><!-- comment -->")).toBe("");
  });
});
