import { describe, expect, it } from "vitest";
import { locateName } from "./locate-names";

function found(text: string, name: string, limit = 10): string[] {
  return locateName(text, name, limit).map(({ start, end }) => text.slice(start, end));
}

describe("locateName", () => {
  it("finds whole-word occurrences whatever their case and spacing", () => {
    const text = "ADA lovelace met Ada\n  Lovelace; Adam Lovelaces did not.";
    expect(found(text, "Ada Lovelace")).toEqual(["ADA lovelace", "Ada\n  Lovelace"]);
  });

  it("treats the name's punctuation literally", () => {
    expect(found("AT&T and A.T. and (ATT) and AT&Tx", "AT&T")).toEqual(["AT&T"]);
    expect(found("Yahoo! came before Yahoo", "Yahoo!")).toEqual(["Yahoo!"]);
    expect(found("a+b a.b a*b", "a.b")).toEqual(["a.b"]);
  });

  it("respects word boundaries in other scripts", () => {
    expect(found("Zoë and Zoëa went to Zürich", "zoë")).toEqual(["Zoë"]);
  });

  it("stops at its limit", () => {
    expect(found("Rome Rome Rome Rome", "rome", 2)).toEqual(["Rome", "Rome"]);
  });

  it("finds nothing for a blank name", () => {
    expect(found("some text", "   ")).toEqual([]);
  });
});
