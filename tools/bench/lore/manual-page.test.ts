import { describe, expect, it } from "vitest";
import { headingText, readManualPage, withoutNavigation } from "./manual-page";

// The shape of a page of the manual's HTML build: navigation, the titled section, subsections.
const PAGE =
  '<html><head><title>2.6. Joins Between Tables</title></head><body><div class="navheader"><table>' +
  '<tr><th>2.6. Joins Between Tables</th></tr><tr><td><a href="tutorial-select.html">Prev</a></td></tr></table><hr /></div>' +
  '<div class="sect1"><h2 class="title">2.6. Joins Between\n   Tables</h2><p>Thus far, our queries have only accessed one table.</p>' +
  '<div class="sect2"><h3 class="title">2.6.1. The <code class="literal">JOIN</code> &amp; its Forms</h3><p>Text.</p></div>' +
  '<h4>Not a section title</h4></div><div class="navfooter"><hr /><table><tr><td>2.5. Querying a Table</td></tr></table></div></body></html>';

describe("readManualPage", () => {
  it("reads the title and the h2/h3 headings without their numbering", () => {
    const page = readManualPage("tutorial-join.html", PAGE);
    expect(page.title).toBe("2.6. Joins Between Tables");
    expect(page.sectionTitles).toEqual(["Joins Between Tables", "The JOIN & its Forms"]);
  });

  it("leaves the navigation out of the imported HTML", () => {
    const page = readManualPage("tutorial-join.html", PAGE);
    expect(page.html).not.toContain("Querying a Table");
    expect(page.html).not.toContain("Prev");
    expect(page.html).toContain("Thus far, our queries");
  });
});

describe("headingText", () => {
  it("removes chapter, appendix, part and section numbers", () => {
    expect(headingText("Chapter 2. The SQL Language")).toBe("The SQL Language");
    expect(headingText("F.3.1. Functions")).toBe("Functions");
    expect(headingText("Part I. Tutorial")).toBe("Tutorial");
    expect(headingText("Appendix F. Additional Supplied Modules")).toBe("Additional Supplied Modules");
    expect(headingText("CREATE TABLE")).toBe("CREATE TABLE");
  });
});

describe("withoutNavigation", () => {
  it("keeps a page without navigation as it is", () => {
    expect(withoutNavigation("<p>plain</p>")).toBe("<p>plain</p>");
  });
});
