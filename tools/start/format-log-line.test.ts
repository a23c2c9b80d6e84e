import { describe, expect, it } from "vitest";
import { formatLogLine } from "./format-log-line";

describe("formatLogLine", () => {
  it("renders a pino line as time, level, message and fields", () => {
    const line = JSON.stringify({
      level: 30,
      time: Date.UTC(2026, 0, 2, 3, 4, 5),
      service: "auth",
      msg: "request",
      route: "auth.info",
      status: 200,
    });
    expect(formatLogLine(line)).toBe("03:04:05 INFO  request route=auth.info status=200");
  });

  it("passes other lines through unchanged", () => {
    expect(formatLogLine("auth: SIGTERM received")).toBe("auth: SIGTERM received");
    expect(formatLogLine("{not json")).toBe("{not json");
  });
});
