import { describe, expect, it } from "vitest";
import { copyTextChunks, copyTextField, copyTextLine } from "./ingest-copy-text";

const organizationId = "7d4d3f2e-8a51-4c1e-9a57-2f0c1d2b3a4e";
const point = {
  metric: "orders.amount",
  time: new Date("2026-12-01T10:15:00.250Z"),
  value: 12.5,
  dimensions: { region: "eu-west", plan: "pro" },
};

describe("COPY text format", () => {
  it("escapes backslash, newline, carriage return and tab, and leaves other text alone", () => {
    expect(copyTextField('say "hi"')).toBe('say "hi"');
    expect(copyTextField("a\\b\nc\rd\te")).toBe("a\\\\b\\nc\\rd\\te");
  });

  it("writes a point as one tab-separated line in the table's column order", () => {
    expect(copyTextLine(point, organizationId)).toBe(
      `2026-12-01T10:15:00.250Z\t${organizationId}\torders.amount\t12.5\t{"region":"eu-west","plan":"pro"}\n`,
    );
  });

  it("keeps escaped JSON escapes intact in the dimensions", () => {
    const line = copyTextLine({ ...point, dimensions: { note: 'tab\there "q"' } }, organizationId);
    expect(line.split("\t").at(-1)).toBe('{"note":"tab\\\\there \\\\"q\\\\""}\n');
  });

  it("groups the lines into chunks of the given number of rows", () => {
    const chunks = [...copyTextChunks([point, point, point], organizationId, 2)].map((chunk) => chunk.toString());
    expect(chunks.map((chunk) => chunk.split("\n").length - 1)).toEqual([2, 1]);
    expect(chunks.join("")).toBe(copyTextLine(point, organizationId).repeat(3));
  });
});
