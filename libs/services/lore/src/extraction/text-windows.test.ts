import { describe, expect, it } from "vitest";
import { textWindows } from "./text-windows";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("textWindows", () => {
  it("tiles the text in windows that end after whitespace", () => {
    const text = "alpha beta gamma delta epsilon zeta eta theta";
    const windows = textWindows(text, { windowLength: 12, maxLength: 1_000 });

    expect(windows.map((window) => window.text).join("")).toBe(text);
    for (const window of windows) {
      expect(text.slice(window.offset, window.offset + window.text.length)).toBe(window.text);
      expect(window.text.length).toBeLessThanOrEqual(12);
    }
    expect(windows.slice(0, -1).every((window) => window.text.endsWith(" "))).toBe(true);
  });

  it("cuts text without whitespace hard, but never inside a surrogate pair", () => {
    const text = "😀".repeat(10);
    const windows = textWindows(text, { windowLength: 5, maxLength: 1_000 });

    expect(windows.map((window) => window.text).join("")).toBe(text);
    expect(windows.some((window) => LONE_SURROGATE.test(window.text))).toBe(false);
  });

  it("covers only the first maxLength code units", () => {
    const windows = textWindows("a b ".repeat(100), { windowLength: 10, maxLength: 25 });

    expect(windows.map((window) => window.text).join("")).toBe("a b ".repeat(100).slice(0, 25));
  });
});
