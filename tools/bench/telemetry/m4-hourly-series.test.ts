import { describe, expect, it } from "vitest";
import { parseM4Rows } from "./m4-hourly-series";

describe("parseM4Rows", () => {
  it("reads each series by id and drops the empty cells that pad short rows", () => {
    const text = '"V1","V2","V3","V4"\n"H1","1.5","2","3"\n"H2","7","8",""\n';
    expect(parseM4Rows(text)).toEqual(
      new Map([
        ["H1", [1.5, 2, 3]],
        ["H2", [7, 8]],
      ]),
    );
  });

  it("refuses a cell that is not a number", () => {
    expect(() => parseM4Rows('"V1","V2"\n"H1","x"\n')).toThrow(/H1 holds a non-number/);
  });
});
