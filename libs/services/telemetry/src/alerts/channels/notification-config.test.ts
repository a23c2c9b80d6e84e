import { ConfigError } from "@cauldron/config";
import { describe, expect, it } from "vitest";
import { loadAlertNotificationConfig } from "./notification-config";

describe("alert notification settings", () => {
  it("refuses private webhook destinations and waits 10 s for a receiver unless told otherwise", () => {
    expect(loadAlertNotificationConfig({})).toEqual({
      TELEMETRY_WEBHOOK_ALLOW_PRIVATE: false,
      TELEMETRY_WEBHOOK_TIMEOUT_MS: 10_000,
      TELEMETRY_ALERT_DELIVERY_EVERY_MS: 5_000,
    });
    expect(
      loadAlertNotificationConfig({ TELEMETRY_WEBHOOK_ALLOW_PRIVATE: "true" }).TELEMETRY_WEBHOOK_ALLOW_PRIVATE,
    ).toBe(true);
  });

  it("fails loudly on a value it cannot read, naming the variable", () => {
    expect(() => loadAlertNotificationConfig({ TELEMETRY_WEBHOOK_ALLOW_PRIVATE: "yes" })).toThrow(ConfigError);
    expect(() => loadAlertNotificationConfig({ TELEMETRY_WEBHOOK_TIMEOUT_MS: "0" })).toThrow(
      /TELEMETRY_WEBHOOK_TIMEOUT_MS/,
    );
  });
});
