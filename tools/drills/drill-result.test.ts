import { describe, expect, it } from "vitest";
import { renderDrillTable } from "./drill-result";

describe("renderDrillTable", () => {
  it("aligns one row per scenario and lists each scenario's notes beneath the table", () => {
    const table = renderDrillTable([
      {
        scenario: "rolling restart",
        requestsSent: 1200,
        requestsFailed: 0,
        writesAcknowledged: 400,
        writesFound: 400,
        eventsPublished: 380,
        eventsHandled: 380,
        eventsHandledTwice: 0,
        ok: true,
        notes: ["12 replicas restarted"],
      },
      {
        scenario: "postgres restart",
        requestsSent: 90,
        requestsFailed: 7,
        writesAcknowledged: 30,
        writesFound: 29,
        ok: false,
        notes: ["1 acknowledged write missing"],
      },
    ]);
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^scenario\s+sent\s+failed\s+writes acked\s+writes found/);
    expect(lines[2]).toMatch(/^rolling restart\s+1200\s+0\s+400\s+400\s+380\s+380 \(0\)\s+passed$/);
    expect(lines[3]).toMatch(/^postgres restart\s+90\s+7\s+30\s+29\s+-\s+-\s+FAILED$/);
    expect(lines[2]!.indexOf("1200")).toBe(lines[3]!.indexOf("90"));
    expect(table).toContain("  postgres restart: 1 acknowledged write missing");
  });
});
