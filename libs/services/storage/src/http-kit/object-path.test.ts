import { describe, expect, it } from "vitest";
import {
  checkObjectName,
  isValidBucketName,
  ObjectPathError,
  parseObjectPath,
  type ObjectPathRefusal,
} from "./object-path";

function refusalOf(rawPath: string): ObjectPathRefusal | undefined {
  try {
    parseObjectPath(rawPath);
    return undefined;
  } catch (error) {
    if (error instanceof ObjectPathError) return error.reason;
    throw error;
  }
}

describe("parsing an object path from a URL", () => {
  it("decodes each segment once and joins them with /", () => {
    expect(parseObjectPath("a/b/c.txt")).toBe("a/b/c.txt");
    expect(parseObjectPath("folder%20name/r%C3%A9sum%C3%A9.pdf")).toBe("folder name/résumé.pdf");
    expect(parseObjectPath("100%2525.txt")).toBe("100%25.txt");
    expect(parseObjectPath("...")).toBe("...");
    expect(parseObjectPath(".hidden/a+b&c=d.txt")).toBe(".hidden/a+b&c=d.txt");
  });

  it("gives back every name a client encodes segment by segment", () => {
    const names = ["weird name+plus&x=?#.txt", "日本語/ファイル.png", "emoji 🎉/%41.md", "tab-free/'quotes\"/(1).csv"];
    for (const name of names) {
      expect(parseObjectPath(name.split("/").map(encodeURIComponent).join("/"))).toBe(name);
    }
  });

  it("refuses empty paths and empty segments", () => {
    for (const raw of ["", "/a", "a/", "a//b"]) expect(refusalOf(raw)).toBe("empty_segment");
  });

  it("refuses dot segments, encoded or not", () => {
    for (const raw of [".", "..", "a/../b", "a/%2e%2e/b", "%2E/a"]) expect(refusalOf(raw)).toBe("dot_segment");
  });

  it("refuses segments that decode to a separator, so %2f cannot smuggle one in", () => {
    for (const raw of ["a%2Fb", "a%2fb", "..%2f..%2fetc", "a%5Cb", "a\\b"]) {
      expect(refusalOf(raw)).toBe("separator_in_segment");
    }
  });

  it("refuses NUL and other control characters, raw or encoded", () => {
    for (const raw of ["a%00b", "a%0Ab", "%0d", "%7F", "%C2%85", "a\tb", "a\u0000b"]) {
      expect(refusalOf(raw)).toBe("control_character");
    }
  });

  it("refuses broken percent-encoding, invalid UTF-8 and characters that should have been encoded", () => {
    for (const raw of ["%zz", "a%", "%4", "%e2%82", "%C0%AF", "%FF", "é.txt", "a b"]) {
      expect(refusalOf(raw)).toBe("invalid_encoding");
    }
  });

  it("takes names up to 1024 UTF-8 bytes and refuses longer ones", () => {
    expect(parseObjectPath("a".repeat(1024))).toHaveLength(1024);
    expect(parseObjectPath("%C3%A9".repeat(512))).toBe("é".repeat(512));
    expect(refusalOf("a".repeat(1025))).toBe("name_too_long");
    expect(refusalOf("%C3%A9".repeat(513))).toBe("name_too_long");
    expect(refusalOf("%41".repeat(400_000))).toBe("name_too_long");
  });

  it("takes up to 64 segments and refuses more", () => {
    expect(parseObjectPath(Array(64).fill("s").join("/")).split("/")).toHaveLength(64);
    expect(refusalOf(Array(65).fill("s").join("/"))).toBe("too_many_segments");
  });

  it("says what is wrong in the error message", () => {
    expect(() => parseObjectPath("a/../b")).toThrow('the object path has a "." or ".." segment');
  });
});

describe("checking an object name given as text", () => {
  it("takes every name a URL path could carry, unchanged", () => {
    for (const name of ["a/b.txt", "100%.txt", "weird name+plus&x=?#.txt", "日本語/ファイル.png", "emoji 🎉.md"]) {
      expect(checkObjectName(name)).toBe(name);
    }
  });

  it("refuses what a URL path may not name: controls (C1 too), unpaired surrogates, dot and empty segments", () => {
    const reasonOf = (name: string) => {
      try {
        checkObjectName(name);
        return undefined;
      } catch (error) {
        if (error instanceof ObjectPathError) return error.reason;
        throw error;
      }
    };
    expect(reasonOf("a\u0085b.txt")).toBe("control_character");
    expect(reasonOf("bell\u0007.txt")).toBe("control_character");
    expect(reasonOf("half\ud800.txt")).toBe("invalid_encoding");
    expect(reasonOf("a/../b.txt")).toBe("dot_segment");
    expect(reasonOf("a//b.txt")).toBe("empty_segment");
    expect(reasonOf("a\\b.txt")).toBe("separator_in_segment");
  });
});

describe("bucket names", () => {
  it("accepts what the database accepts", () => {
    for (const name of ["avatars", "a", "0", "my-bucket.v2", "team_files", "x".repeat(63)]) {
      expect(isValidBucketName(name)).toBe(true);
    }
  });

  it("refuses uppercase, leading punctuation, '..', separators and names over 63 characters", () => {
    for (const name of ["", "Avatars", "-a", ".a", "_a", "a..b", "a/b", "a b", "é", "x".repeat(64)]) {
      expect(isValidBucketName(name)).toBe(false);
    }
  });
});
